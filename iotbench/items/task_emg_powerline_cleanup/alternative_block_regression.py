"""Different method: least-squares harmonic regression in short overlapping blocks.

- Line frequency: the band around 50 or 60 Hz is demodulated (wide enough for an off-nominal
  grid); its baseband spectrum shows the line's offset, refined by the phase slope.
- Grid phase: the phase of the fundamental, demodulated and smoothed, so the grid's wander is
  followed.
- Strong lines first: in 1 s blocks (Hann-weighted, 50 % overlap, weights summing to one) a
  model of every strong harmonic - cosine and sine of h times the grid phase, each with a level
  and a linear change across the block, plus an offset and a slope for the EMG's slow
  baseline - is fitted by least squares and subtracted. Then the weak lines, in 2 s blocks with
  a constant amplitude (fewer parameters take less EMG with them). Nothing else is touched.
"""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def _demod(x, fs, f, cutoff):
    t = np.arange(x.size) / fs
    sos = butter(2, cutoff, fs=fs, output="sos")
    pad = min(x.size - 1, int(2 * fs))
    z = x * np.exp(-2j * np.pi * f * t)
    return (sosfiltfilt(sos, z.real, padtype="even", padlen=pad)
            + 1j * sosfiltfilt(sos, z.imag, padtype="even", padlen=pad))


def _baseband_spectrum(z, fs):
    """Power spectrum of a demodulated (complex, low-passed) signal, finely zero-padded."""
    n = z.size
    nfft = 1 << int(np.ceil(np.log2(8 * n)))
    spec = np.abs(np.fft.fft(z * np.hanning(n), nfft)) ** 2
    return np.fft.fftfreq(nfft, 1 / fs), spec


def _line(x, fs):
    """Line frequency: the demodulated band around 50 or 60 Hz (wide enough for an off-nominal
    grid) holds one narrow line; its offset is read from the baseband spectrum, then refined by
    the phase slope of the signal demodulated at that frequency."""
    best, best_ratio = None, 0.0
    for nominal in (50.0, 60.0):
        f, spec = _baseband_spectrum(_demod(x, fs, nominal, 1.0), fs)
        _fr, spec_ref = _baseband_spectrum(_demod(x, fs, nominal + 4.0, 1.0), fs)
        band = np.abs(f) <= 0.6
        k = np.flatnonzero(band)[np.argmax(spec[band])]
        ratio = spec[k] / max(np.median(spec_ref[band]), 1e-30)
        if ratio > best_ratio:
            best, best_ratio = nominal + f[k], ratio
    if best_ratio < 50.0:
        return None
    t = np.arange(x.size) / fs
    zl = _demod(x, fs, best, 0.2)
    slope = np.polyfit(t, np.unwrap(np.angle(zl)), 1, w=np.abs(zl))[0]
    return best + slope / (2 * np.pi)


def remove_powerline(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = x.size
    if n < int(2 * fs):
        return x.copy()
    centred = x - np.median(x)
    f0 = _line(centred, fs)
    if f0 is None:
        return x.copy()
    # grid phase: the fundamental's own phase, demodulated and smoothed (0.2 Hz), so the
    # grid's wander is followed and bursts of EMG near the line do not jitter it
    t = np.arange(n) / fs
    phase = 2 * np.pi * f0 * t + np.unwrap(np.angle(_demod(centred, fs, f0, 0.2)))
    # harmonics that carry a line: the spectrum at h * f0 against its neighbourhood
    spec = np.abs(np.fft.rfft(centred * np.hanning(n))) ** 2
    freqs = np.fft.rfftfreq(n, 1 / fs)
    harmonics = []
    h = 1
    while h * f0 < 0.5 * fs - 3.0 and h <= 20:
        on = spec[np.abs(freqs - h * f0) <= 0.4].max()
        off = np.median(spec[(np.abs(freqs - h * f0) > 2.0) & (np.abs(freqs - h * f0) < 6.0)])
        if on > 5.0 * off:
            harmonics.append((h, on > 300.0 * off))
        h += 1
    # strong lines first, in 1 s blocks with a linear change of amplitude (they drift as cables
    # move and must be followed closely); then the weak lines, barely above the EMG, in 2 s
    # blocks with a constant amplitude, so that little EMG goes with them
    strong = [h for h, big in harmonics if big]
    weak = [h for h, big in harmonics if not big]
    cleaned = centred - _block_fit(centred, phase, strong, int(fs), True)
    cleaned = cleaned - _block_fit(cleaned, phase, weak, int(2 * fs), False)
    return x - (centred - cleaned)


def _block_fit(x, phase, harmonics, block, linear):
    """Hum at `harmonics` of the grid phase fitted by least squares in Hann-weighted blocks
    (50 % overlap), with an offset and slope for the slow baseline; returns the fitted hum."""
    n = x.size
    if not harmonics:
        return np.zeros(n)
    block = min(block, n)
    hop = block // 2
    window = np.hanning(block + 1)[:-1]  # periodic Hann: overlapped copies sum to one
    hum = np.zeros(n)
    weight = np.zeros(n)
    starts = list(range(0, n - block + 1, hop))
    if starts[-1] != n - block:
        starts.append(n - block)
    tau = np.linspace(-0.5, 0.5, block)
    for s in starts:
        ph = phase[s:s + block]
        cols = [np.ones(block), tau]
        for hh in harmonics:
            c, si = np.cos(hh * ph), np.sin(hh * ph)
            cols += [c, si, tau * c, tau * si] if linear else [c, si]
        a = np.column_stack(cols)
        gram = a.T @ a
        gram[np.diag_indices_from(gram)] *= 1.0 + 1e-9
        coef = np.linalg.solve(gram, a.T @ x[s:s + block])
        hum[s:s + block] += window * (a[:, 2:] @ coef[2:])
        weight[s:s + block] += window
    return hum / np.maximum(weight, 1e-12)
