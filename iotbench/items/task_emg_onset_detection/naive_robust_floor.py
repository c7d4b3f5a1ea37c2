import numpy as np
from scipy.signal import butter, filtfilt, iirnotch, sosfiltfilt


def detect_activations(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if x.size < fs:
        return np.zeros((0, 2))
    sos = butter(4, [20.0, min(450.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - np.median(x))
    for f0 in (50.0, 60.0):
        for h in (1, 2, 3):
            if h * f0 < 0.45 * fs:
                b, a = iirnotch(h * f0, Q=30.0, fs=fs)
                x = filtfilt(b, a, x)
    win = max(1, int(0.03 * fs))
    env = np.sqrt(np.convolve(x * x, np.ones(win) / win, mode="same"))
    # noise floor from the quietest part of the record, double threshold
    floor = np.percentile(env, 10)
    if floor <= 0:
        return np.zeros((0, 2))
    high, low = 4.0 * floor, 2.5 * floor
    keep = env > low
    edges = np.diff(np.r_[0, keep.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bursts = []
    for s, e in zip(starts, ends):
        if env[s:e].max() <= high:
            continue
        if bursts and s - bursts[-1][1] < 0.15 * fs:
            bursts[-1][1] = e
        else:
            bursts.append([s, e])
    out = [(s / fs, e / fs) for s, e in bursts if e - s >= 0.1 * fs]
    return np.array(out, dtype=float).reshape(-1, 2)
