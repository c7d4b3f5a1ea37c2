import numpy as np
from scipy.signal import butter, filtfilt


def detect_blinks(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if x.shape[0] < fs:
        return np.zeros(0)
    fp1 = x[:, 0]
    b, a = butter(2, [0.3, min(15.0, 0.4 * fs)], btype="bandpass", fs=fs)
    y = filtfilt(b, a, fp1 - np.median(fp1))
    # blinks are deflections of about 100 µV or more at Fp1; merge runs closer than 0.2 s
    above = np.flatnonzero(y > 70.0)
    if above.size == 0:
        return np.zeros(0)
    runs = np.split(above, np.flatnonzero(np.diff(above) > int(0.2 * fs)) + 1)
    return np.array([r[np.argmax(y[r])] / fs for r in runs], dtype=float)
