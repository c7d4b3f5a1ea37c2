"""A naive detector with a fixed threshold: band-pass, then find_peaks with height and distance.

Kept as a baseline: one global threshold (half the largest filtered value) fails where a tall
artefact or PVC sets the maximum, where the amplitude changes during the record, where T waves
are as tall as R waves, and on inverted leads.
"""

import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def detect_r_peaks(signal: np.ndarray, fs: float) -> np.ndarray:
    """Band-pass 5-15 Hz, then peaks above half the maximum and at least 200 ms apart."""
    b, a = butter(3, [5.0 / (fs / 2), 15.0 / (fs / 2)], btype="band")
    filtered = filtfilt(b, a, signal)
    peaks, _ = find_peaks(filtered, distance=int(0.2 * fs), height=0.5 * np.max(filtered))
    return peaks
