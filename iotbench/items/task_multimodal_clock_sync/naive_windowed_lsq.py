import numpy as np
from scipy.signal import fftconvolve


def _check(t, acc):
    t = np.asarray(t, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if t.ndim != 1 or acc.ndim != 2 or acc.shape != (len(t), 3):
        raise ValueError("timestamps must be 1-D and samples (n, 3)")
    if len(t) < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    return t, acc


def _resample(t, acc, fs=100.0):
    mag = np.linalg.norm(acc, axis=1)
    grid = np.arange(t[0], t[-1], 1.0 / fs)
    x = np.interp(grid, t, mag)
    return grid, x - x.mean()


def _lag(a, b):
    """Lag (samples) of b inside a by plain cross-correlation."""
    c = fftconvolve(a - a.mean(), (b - b.mean())[::-1], mode="full")
    return int(np.argmax(c)) - (len(b) - 1)


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    t_a, acc_a = _check(t_a, acc_a)
    t_b, acc_b = _check(t_b, acc_b)
    fs = 100.0
    ga, xa = _resample(t_a, acc_a, fs)
    gb, xb = _resample(t_b, acc_b, fs)
    # coarse offset from the whole recordings
    coarse = ga[0] + _lag(xa, xb) / fs - gb[0]
    # precise lag in 60 s windows, then a least-squares line (offset + drift)
    w, m = int(60 * fs), int(2 * fs)
    centres, lags = [], []
    for s in range(0, len(xb) - w, w):
        start = int(round((gb[s] + coarse - ga[0]) * fs)) - m
        if start < 0 or start + w + 2 * m > len(xa):
            continue
        k = _lag(xa[start:start + w + 2 * m], xb[s:s + w])
        lags.append(ga[start] + k / fs - gb[s])
        centres.append(gb[s] + 30.0)
    if len(lags) < 2:
        return float(coarse), 0.0
    slope, intercept = np.polyfit(centres, lags, 1)
    return float(intercept), float(slope * 1e6)
