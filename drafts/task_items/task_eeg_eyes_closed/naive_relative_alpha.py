import numpy as np
from scipy.signal import welch


def eyes_closed(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    w = int(round(2 * fs))
    m = x.shape[0] // w
    if m == 0:
        return np.zeros(0, dtype=bool)
    rel = np.zeros(m)
    for k in range(m):
        f, p = welch(x[k * w:(k + 1) * w], fs=fs, nperseg=int(fs), axis=0, detrend="linear")
        p = p.mean(axis=1)
        alpha = p[(f >= 8) & (f <= 13)].sum()
        total = p[(f >= 1) & (f <= 40)].sum()
        rel[k] = alpha / total
    # split the windows into two groups: high relative alpha = eyes closed
    lo, hi = np.percentile(rel, 10), np.percentile(rel, 90)
    thr = 0.5 * (lo + hi)
    for _ in range(20):
        a, b = rel[rel <= thr], rel[rel > thr]
        if a.size == 0 or b.size == 0:
            break
        thr = 0.5 * (a.mean() + b.mean())
    closed = rel > thr
    # smooth isolated windows
    out = closed.copy()
    for k in range(1, m - 1):
        if closed[k - 1] == closed[k + 1] != closed[k]:
            out[k] = closed[k - 1]
    return out
