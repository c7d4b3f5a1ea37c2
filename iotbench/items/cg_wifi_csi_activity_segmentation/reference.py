"""Activity segmentation of CSI amplitude streams by a moving-variance threshold."""
import numpy as np


def _moving_variance(x, half):
    """Population variance over a centred window clipped at the ends; x is (T, S)."""
    n_time = x.shape[0]
    # cumulative sums of x and x^2 give every window sum in O(1)
    c1 = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    c2 = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x * x, axis=0)])
    t = np.arange(n_time)
    lo = np.maximum(t - half, 0)
    hi = np.minimum(t + half + 1, n_time)
    count = (hi - lo)[:, None]
    mean = (c1[hi] - c1[lo]) / count
    var = (c2[hi] - c2[lo]) / count - mean ** 2
    return np.maximum(var, 0.0)          # clamp tiny negative round-off


def segment_activity(amplitude, threshold, window=51, min_length=50, max_gap=25):
    """Return (segments, moving_variance); segments are (start, end) with end exclusive."""
    x = np.asarray(amplitude, dtype=np.float64)
    if x.size == 0 or x.ndim not in (1, 2):
        raise ValueError("amplitude must be a non-empty 1-D or 2-D array")
    if window < 3 or window % 2 == 0:
        raise ValueError("window must be odd and at least 3")
    if threshold < 0:
        raise ValueError("threshold must be non-negative")
    if min_length < 1:
        raise ValueError("min_length must be at least 1")
    if max_gap < 0:
        raise ValueError("max_gap must be non-negative")

    data = x if x.ndim == 2 else x[:, np.newaxis]        # (T, S)
    # centre each subcarrier first to keep the cumulative-sum formula well conditioned
    data = data - data.mean(axis=0)
    mv = _moving_variance(data, window // 2).mean(axis=1)

    active = mv > threshold
    # run boundaries: +1 where a run starts, -1 where it ends
    edges = np.diff(np.concatenate([[0], active.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)

    merged = []
    for start, end in zip(starts, ends):
        if merged and start - merged[-1][1] <= max_gap:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    segments = [(int(s), int(e)) for s, e in merged if e - s >= min_length]
    return segments, mv
