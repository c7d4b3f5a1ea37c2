"""Reference solution for cg_eeg_blink_detection."""

import numpy as np


def detect_blinks(fp1, fs, threshold_uv=100.0, min_gap_s=0.2, max_duration_s=0.5):
    """Peak indices of supra-threshold events (merged, length-limited) of the median-removed Fp1."""
    x = np.asarray(fp1, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("fp1 must be a non-empty 1-D array")
    if fs <= 0:
        raise ValueError("fs must be positive")
    x = x - np.median(x)

    above = x > threshold_uv
    edges = np.diff(np.r_[0, above.astype(np.int8), 0])
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)          # exclusive ends

    min_gap = int(round(min_gap_s * fs))
    events = []
    for s, e in zip(starts, ends):
        if events and s - events[-1][1] < min_gap:
            events[-1][1] = e                   # merge with the previous event
        else:
            events.append([s, e])

    max_len = int(round(max_duration_s * fs))
    blinks = [s + int(np.argmax(x[s:e])) for s, e in events if e - s <= max_len]
    return np.array(blinks, dtype=np.int64)
