"""Reference solution for cg_ppg_perfusion_index."""

import numpy as np


def perfusion_index(ppg, fs, window_s=2.0, low_pi=0.2):
    """PI = (max - min) / mean * 100 over consecutive windows of round(window_s * fs) samples."""
    x = np.asarray(ppg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    w = round(window_s * fs)
    if w < 1 or x.size < w:
        raise ValueError("window must hold at least one sample and fit in the signal")
    windows = x[:(x.size // w) * w].reshape(-1, w)
    dc = windows.mean(axis=1)
    if np.any(dc <= 0):
        raise ValueError("DC level must be positive")
    pi = (windows.max(axis=1) - windows.min(axis=1)) / dc * 100.0
    return pi, pi < low_pi
