import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def detect_blinks(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if x.shape[0] < fs:
        return np.zeros(0)
    v = x.mean(axis=1)
    # blinks live in roughly 0.5-10 Hz: remove drift and muscle
    b, a = butter(2, [0.5, min(10.0, 0.4 * fs)], btype="bandpass", fs=fs)
    y = filtfilt(b, a, v - v.mean())
    sigma = 1.4826 * np.median(np.abs(y - np.median(y)))
    peaks, props = find_peaks(y, height=np.median(y) + 5.0 * sigma,
                              distance=int(0.3 * fs), width=(0.05 * fs, 0.5 * fs))
    return peaks / fs
