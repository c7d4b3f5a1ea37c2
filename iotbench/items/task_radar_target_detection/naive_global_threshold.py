import numpy as np
from scipy.signal import find_peaks


def detect_targets(profiles):
    x = np.asarray(profiles, dtype=float)
    if x.ndim != 2:
        raise ValueError("profiles must be 2-D")
    if x.shape[1] < 16:
        raise ValueError("too few bins")
    if np.any(x < 0) or not np.all(np.isfinite(x)):
        raise ValueError("powers must be finite and non-negative")
    out = []
    for row in x:
        db = 10 * np.log10(row + 1e-30)
        floor = np.median(db)
        spread = 1.4826 * np.median(np.abs(db - floor))
        peaks, _ = find_peaks(db, height=floor + 13.0, prominence=3 * spread)
        out.append([int(p) for p in peaks])
    return out
