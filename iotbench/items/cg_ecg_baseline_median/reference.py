"""Reference solution for cg_ecg_baseline_median."""

import numpy as np
from scipy.ndimage import median_filter


def _odd_length(duration_s, fs):
    """Window length in samples, rounded to the nearest integer and forced to be odd."""
    w = int(round(duration_s * fs))
    if w % 2 == 0:
        w += 1
    return w


def remove_baseline(signal, fs, short_s=0.2, long_s=0.6):
    """Two-stage median-filter baseline estimate; returns (signal - baseline, baseline)."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    if fs <= 0 or short_s <= 0 or long_s <= 0:
        raise ValueError("fs, short_s and long_s must be positive")
    first = median_filter(x, size=_odd_length(short_s, fs), mode="nearest")    # removes QRS
    baseline = median_filter(first, size=_odd_length(long_s, fs), mode="nearest")  # removes P/T
    return x - baseline, baseline
