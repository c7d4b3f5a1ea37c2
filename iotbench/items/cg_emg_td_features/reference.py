"""Reference solution for cg_emg_td_features."""

import numpy as np


def _window_features(x, thr):
    diff = np.diff(x)                                   # x[i+1] - x[i]
    mav = np.mean(np.abs(x))
    wl = np.sum(np.abs(diff))
    zc = np.count_nonzero((x[:-1] * x[1:] < 0) & (np.abs(diff) >= thr))
    left, right = diff[:-1], -diff[1:]                  # x[i]-x[i-1], x[i]-x[i+1]
    ssc = np.count_nonzero((left * right > 0)
                           & ((np.abs(left) >= thr) | (np.abs(right) >= thr)))
    return [mav, wl, zc, ssc]


def emg_td_features(emg, fs, window_s=0.2, step_s=0.1, threshold=0.01):
    """Hudgins time-domain features per sliding window: MAV, WL, ZC and SSC."""
    x = np.asarray(emg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0 or threshold < 0:
        raise ValueError("fs must be positive and threshold non-negative")
    w, s = round(window_s * fs), round(step_s * fs)
    if w < 1 or s < 1 or x.size < w:
        raise ValueError("window and step must be at least one sample; signal >= one window")
    rows = [_window_features(x[start:start + w], threshold)
            for start in range(0, x.size - w + 1, s)]
    return np.array(rows, dtype=np.float64)
