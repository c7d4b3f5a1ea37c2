"""Reference solution for cg_eeg_car."""

import numpy as np


def common_average_reference(eeg, exclude=None):
    """Subtract the per-sample mean of the non-excluded channels from every channel."""
    x = np.asarray(eeg, dtype=np.float64)
    if x.ndim != 2 or not x.shape[0]:
        raise ValueError("eeg must have shape (channels, n) with at least one channel")
    good = np.ones(x.shape[0], dtype=bool)
    for ch in exclude or []:
        if not 0 <= ch < x.shape[0]:
            raise ValueError(f"channel index {ch} out of range")
        good[ch] = False
    if not good.any():
        raise ValueError("no channel left for the average")
    return x - x[good].mean(axis=0)
