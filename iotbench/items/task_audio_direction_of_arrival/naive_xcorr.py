import numpy as np
from scipy.signal import correlate, correlation_lags


def estimate_direction(x, fs, spacing_m):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("x must have shape (n, 2)")
    if fs <= 0 or spacing_m <= 0:
        raise ValueError("fs and spacing_m must be positive")
    c = 343.0
    a = x[:, 0] - x[:, 0].mean()
    b = x[:, 1] - x[:, 1].mean()
    cc = correlate(a, b, mode="full", method="fft")
    lags = correlation_lags(len(a), len(b), mode="full")
    max_lag = int(np.ceil(spacing_m / c * fs)) + 1
    keep = np.abs(lags) <= max_lag
    cc, lags = cc[keep], lags[keep]
    k = int(np.argmax(cc))
    lag = float(lags[k])
    if 0 < k < len(cc) - 1:  # sub-sample refinement
        y0, y1, y2 = cc[k - 1], cc[k], cc[k + 1]
        denom = y0 - 2 * y1 + y2
        if denom < 0:
            lag += 0.5 * (y0 - y2) / denom
    tdoa = lag / fs  # positive: channel 0 lags channel 1, source on mic 1's side
    s = np.clip(tdoa * c / spacing_m, -1.0, 1.0)
    return float(np.degrees(np.arcsin(s)))
