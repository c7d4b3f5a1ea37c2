"""Spectral method in the spirit of IEC 61000-4-7 harmonic groups: the mains frequency from the
interpolated peak of a Hann-windowed, zero-padded voltage spectrum; each current harmonic's
energy is the windowed spectrum's energy summed over the bins within half a mains frequency of
h * f0 (so leakage of the harmonic into neighbouring bins is kept, and a partial cycle does not
matter); DPF from the phases of voltage and current at the fundamental; true PF from the
samples over whole cycles."""
import numpy as np

PAD = 4


def power_quality(voltage, current, fs):
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    if v.ndim != 1 or i.ndim != 1 or v.shape != i.shape:
        raise ValueError("voltage and current must be 1-D arrays of the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if v.size < 0.1 * fs:
        raise ValueError("record shorter than 0.1 s")
    n = v.size
    v = v - v.mean()
    i = i - i.mean()
    w = np.hanning(n)
    nfft = PAD * n
    spec_v = np.fft.rfft(v * w, nfft)
    spec_i = np.fft.rfft(i * w, nfft)
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    band = np.flatnonzero((freqs > 40) & (freqs < 70))
    k = band[np.argmax(np.abs(spec_v[band]))]
    # parabolic interpolation of the log magnitude around the peak
    a, b, c = np.log(np.abs(spec_v[k - 1:k + 2]) + 1e-30)
    f0 = (k + 0.5 * (a - c) / (a - 2 * b + c)) * fs / nfft
    dpf = float(np.cos(np.angle(spec_v[k]) - np.angle(spec_i[k])))
    power = np.abs(spec_i) ** 2
    groups = []
    for h in range(1, 41):
        if h * f0 > 0.49 * fs:
            break
        sel = np.abs(freqs - h * f0) < 0.5 * f0
        groups.append(power[sel].sum())
    groups = np.array(groups)
    thd = float(100 * np.sqrt(groups[1:].sum() / groups[0]))
    whole = int(np.floor(n * f0 / fs) * fs / f0)
    vs, is_ = v[:whole], i[:whole]
    pf = float(np.mean(vs * is_) / np.sqrt(np.mean(vs ** 2) * np.mean(is_ ** 2)))
    return {"power_factor": pf, "displacement_power_factor": dpf, "current_thd_percent": thd}
