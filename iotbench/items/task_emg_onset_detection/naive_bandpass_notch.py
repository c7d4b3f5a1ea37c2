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
    # standard surface-EMG conditioning: 20-450 Hz band-pass, mains notches
    sos = butter(4, [20.0, min(450.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - x.mean())
    for f0 in (50.0, 60.0):
        b, a = iirnotch(f0, Q=30.0, fs=fs)
        x = filtfilt(b, a, x)
    # 50 ms moving-RMS envelope
    win = max(1, int(0.05 * fs))
    env = np.sqrt(np.convolve(x * x, np.ones(win) / win, mode="same"))
    # threshold from the resting baseline at the start (mean + 3 SD)
    base = env[int(0.1 * fs):int(1.0 * fs)]
    threshold = base.mean() + 3.0 * base.std()
    active = env > threshold
    edges = np.diff(np.r_[0, active.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bursts = []
    for s, e in zip(starts, ends):
        if bursts and s - bursts[-1][1] < 0.1 * fs:
            bursts[-1][1] = e
        else:
            bursts.append([s, e])
    out = [(s / fs, e / fs) for s, e in bursts if e - s >= 0.1 * fs]
    return np.array(out, dtype=float).reshape(-1, 2)
