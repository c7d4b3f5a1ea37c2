"""Time-domain generalist: band-pass the alpha band (7-14 Hz) and count zero crossings."""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def alpha_peak_frequency(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("the recording must last at least 20 s")
    sos = butter(4, [7.0, 14.0], btype="bandpass", fs=fs, output="sos")
    y = sosfiltfilt(sos, x - x.mean())
    crossings = np.count_nonzero(np.diff(np.signbit(y)))
    return float(crossings / 2 / (x.size / fs))
