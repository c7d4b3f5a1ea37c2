"""Reference solution for cg_emg_onset_detection."""

import numpy as np


def detect_activations(envelope, fs, baseline_s=0.5, k=3.0, min_on_s=0.05, min_off_s=0.05):
    """[onset, offset) bursts where the envelope exceeds baseline mean + k * std."""
    env = np.asarray(envelope, dtype=np.float64)
    if env.ndim != 1:
        raise ValueError("envelope must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    b = int(round(baseline_s * fs))
    if not 2 <= b <= env.size:
        raise ValueError("baseline must hold between 2 and len(envelope) samples")

    base = env[:b]
    threshold = base.mean() + k * base.std()
    active = env > threshold

    # maximal runs of active samples: rising and falling edges of the padded mask
    edges = np.diff(np.r_[0, active.astype(np.int8), 0])
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)

    min_gap = int(round(min_off_s * fs))
    merged = []
    for s, e in zip(starts, ends):
        if merged and s - merged[-1][1] < min_gap:
            merged[-1][1] = e                      # bridge a short gap
        else:
            merged.append([s, e])

    min_len = int(round(min_on_s * fs))
    kept = [pair for pair in merged if pair[1] - pair[0] >= min_len]
    return np.array(kept, dtype=np.int64).reshape(-1, 2)
