import numpy as np
from scipy.signal import find_peaks


def count_steps(acc, fs):
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(acc) < 2 * fs:
        return 0
    magnitude = np.sqrt((acc ** 2).sum(axis=1))
    threshold = magnitude.mean() + 0.5 * magnitude.std()
    peaks, _ = find_peaks(magnitude, height=threshold, distance=int(0.3 * fs))
    return int(len(peaks))
