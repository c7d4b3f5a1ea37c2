import numpy as np
from scipy.signal import butter, sosfiltfilt


def eyes_closed(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    w = int(round(2 * fs))
    m = x.shape[0] // w
    if m == 0:
        return np.zeros(0, dtype=bool)
    sos = butter(4, [8.0, 13.0], btype="bandpass", fs=fs, output="sos")
    a = sosfiltfilt(sos, x - x.mean(axis=0), axis=0).mean(axis=1)
    power = (a[:m * w] ** 2).reshape(m, w).mean(axis=1)
    # eyes closed: alpha power well above the recording's typical (eyes-open) level
    closed = power > 2.0 * np.median(power[power <= np.median(power)])
    return closed
