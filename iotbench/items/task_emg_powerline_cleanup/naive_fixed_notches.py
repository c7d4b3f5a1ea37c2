import numpy as np
from scipy.signal import filtfilt, iirnotch


def remove_powerline(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    out = x.copy()
    # the grid is 50 or 60 Hz: notch both, with their harmonics in the EMG band
    for f0 in (50.0, 60.0):
        h = 1
        while h * f0 <= min(450.0, 0.45 * fs):
            b, a = iirnotch(h * f0, Q=30.0, fs=fs)
            out = filtfilt(b, a, out)
            h += 1
    return out
