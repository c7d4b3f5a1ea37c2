"""A naive detector for the heartbeat-detection item: band-pass, then find_peaks with a distance.

Kept as a baseline between `generic.py` (every local maximum) and the Pan-Tompkins reference.
The 300 ms minimum distance suppresses the peaks right next to a beat but keeps every noise or
T-wave bump that lies farther away, and it drops premature beats closer than 300 ms.
"""

import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def detect_r_peaks(signal: np.ndarray, fs: float) -> np.ndarray:
    """Band-pass 0.5-40 Hz, then take local maxima at least 300 ms apart."""
    b, a = butter(3, [0.5 / (fs / 2), 40.0 / (fs / 2)], btype="band")
    filtered = filtfilt(b, a, signal)
    peaks, _ = find_peaks(filtered, distance=int(0.3 * fs))
    return peaks
