"""Different method: least-squares harmonic regression in short overlapping blocks.

- Line frequency: from the steady phase slope of the signal demodulated at the nominal 50 or
  60 Hz (whichever carries a line).
- Grid phase: the phase of the fundamental, demodulated and smoothed, so the grid's wander is
  followed.
- In 1 s blocks (Hann-weighted, 50 % overlap, weights summing to one) a model of every
  harmonic that carries a line - cosine and sine of h times the grid phase, each with a level
  and a linear change across the block, plus an offset and a slope for the EMG's slow
  baseline - is fitted by least squares; the fitted hum is subtracted. Nothing else is touched.
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


def _line(x, fs):
    best, best_ratio = None, 0.0
    for nominal in (50.0, 60.0):
        zl = _demod(x, fs, nominal, 1.0)
        ref = _demod(x, fs, nominal + 4.0, 1.0)
        ratio = np.mean(np.abs(zl) ** 2) / max(np.mean(np.abs(ref) ** 2), 1e-30)
        if ratio > best_ratio:
            best, best_ratio = (nominal, zl), ratio
    if best_ratio < 20.0:
        return None
    nominal, zl = best
    t = np.arange(x.size) / fs
    slope = np.polyfit(t, np.unwrap(np.angle(zl)), 1, w=np.abs(zl))[0]
    return nominal + slope / (2 * np.pi)


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
            harmonics.append(h)
        h += 1
    block, hop = int(fs), int(fs) // 2
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
            cols += [c, si, tau * c, tau * si]
        a = np.column_stack(cols)
        gram = a.T @ a
        gram[np.diag_indices_from(gram)] *= 1.0 + 1e-9
        coef = np.linalg.solve(gram, a.T @ centred[s:s + block])
        fitted = a[:, 2:] @ coef[2:]
        hum[s:s + block] += window * fitted
        weight[s:s + block] += window
    hum /= np.maximum(weight, 1e-12)
    return x - hum
