import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, sosfiltfilt
from scipy.stats import kurtosis

K_MIN = 5.0


def usable_seconds(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0 or not counts_per_mv > 0:
        raise ValueError("fs and counts_per_mv must be positive")
    fs = float(fs)
    secs = int(x.size // fs)
    if secs == 0:
        return np.zeros(0, dtype=bool)
    mv = x / counts_per_mv
    base = median_filter(median_filter(mv, int(0.2 * fs) | 1, mode="nearest"),
                         int(0.6 * fs) | 1, mode="nearest")
    y = sosfiltfilt(butter(3, min(40.0, 0.45 * fs), btype="low", fs=fs, output="sos"), mv - base)
    rail = (x <= 1) | (x >= 4094)
    out = np.ones(secs, dtype=bool)
    for k in range(secs):
        a, b = int(k * fs), int((k + 1) * fs)
        if np.ptp(mv[a:b]) < 0.03 or rail[a:b].mean() > 0.02:
            out[k] = False
            continue
        wa, wb = max(0, int((k - 1) * fs)), min(x.size, int((k + 2) * fs))
        seg = y[wa:wb]
        if np.std(seg) < 1e-9 or kurtosis(seg, fisher=False) < K_MIN:
            out[k] = False
    return out
