import numpy as np


def rolling_zscore_anomalies(x, window=20, threshold=3.0):
    """Z-score of each sample against the `window` samples before it; flags |z| > threshold."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError("x must be a 1-D array of finite values")
    if window < 2:
        raise ValueError("window must be at least 2")
    if threshold <= 0:
        raise ValueError("threshold must be positive")
    z = np.full(x.size, np.nan)          # no history yet -> NaN
    for i in range(window, x.size):
        history = x[i - window:i]        # trailing window, current sample excluded
        m = history.mean()
        s = history.std(ddof=1)
        dev = x[i] - m
        if s > 0:
            z[i] = dev / s
        else:
            # constant history: 0 if the sample matches it, signed infinity otherwise
            z[i] = 0.0 if dev == 0 else np.copysign(np.inf, dev)
    is_anomaly = np.zeros(x.size, dtype=bool)
    known = ~np.isnan(z)
    is_anomaly[known] = np.abs(z[known]) > threshold
    return z, is_anomaly
