import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def count_steps(acc, fs):
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(acc) < 2 * fs:
        return 0
    magnitude = np.linalg.norm(acc, axis=1)
    b, a = butter(4, [0.5, 3.0], btype="band", fs=fs)
    x = filtfilt(b, a, magnitude - magnitude.mean())
    peaks, _ = find_peaks(x, distance=int(0.25 * fs), prominence=0.05)
    return int(len(peaks))
