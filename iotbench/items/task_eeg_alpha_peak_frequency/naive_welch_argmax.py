"""Careful generalist: Welch spectrum (2 s Hann segments), the highest point in 7-13 Hz."""
import numpy as np
from scipy.signal import welch


def alpha_peak_frequency(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("need at least 20 s")
    f, p = welch(x - x.mean(), fs=fs, nperseg=int(2 * fs))
    band = (f >= 7.0) & (f <= 13.0)
    return float(f[band][np.argmax(p[band])])
