import numpy as np
from scipy.signal import welch


def classify_ssvep(eeg, fs, freqs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2:
        raise ValueError("eeg must be 2-D (samples, channels)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(freqs) == 0:
        raise ValueError("freqs must not be empty")
    x = x - x.mean(axis=0)
    f, p = welch(x, fs=fs, nperseg=x.shape[0], axis=0, detrend="linear")
    p = p.mean(axis=1)  # average the channels
    power = [np.interp(fr, f, p) for fr in freqs]
    return int(np.argmax(power))
