"""Reference solution for cg_ecg_notch."""

import numpy as np
from scipy import signal as sps


def notch_powerline(signal, fs, mains_hz=50.0, quality=30.0, harmonics=False):
    """Zero-phase notch filtering at the mains frequency (and its harmonics if asked)."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    if quality <= 0:
        raise ValueError("quality must be positive")
    nyquist = fs / 2.0
    if not 0 < mains_hz < nyquist:
        raise ValueError("need 0 < mains_hz < fs / 2")

    centres = [mains_hz]
    if harmonics:
        k = 2
        while k * mains_hz < nyquist:   # strictly below Nyquist
            centres.append(k * mains_hz)
            k += 1

    y = x
    for f0 in centres:
        b, a = sps.iirnotch(f0, quality, fs=fs)
        y = sps.filtfilt(b, a, y)   # forward-backward: zero phase
    return y
