"""Target detection in range profiles: a greatest-of, ordered-statistic CFAR.

The clutter-plus-noise level around each cell is estimated from a block of cells on each side
(a guard gap keeps the cell's own target out). Each side's level is a low quantile of its block
(an ordered statistic), so neighbouring targets in the block (a queue of cars, two of them in one
block) do not raise it the way a mean does; the greater of the two sides is used, so the high
side of a clutter edge is judged against the clutter it stands in, not against the quiet cells
beyond the edge. The threshold factor keeps false alarms near 1e-4 per cell for complex Gaussian
clutter. A target lights up about three cells (the window's main lobe): only the local maximum
is reported. The first bins are the radar's own leakage and mount.
"""
import numpy as np

GUARD = 2
TRAIN = 16
QUANTILE = 0.35
FACTOR = 22.0  # 13.4 dB above a side's 35 % quantile (about 9.8 dB above its mean)
BLANK = 8


def _level(x):
    """Greatest of the left and right block quantiles."""
    n_bins = x.shape[1]
    sides = []
    for offsets in (np.arange(-GUARD - TRAIN, -GUARD), np.arange(GUARD + 1, GUARD + TRAIN + 1)):
        idx = np.arange(n_bins)[:, None] + offsets[None, :]
        valid = (idx >= 0) & (idx < n_bins)
        cells = np.sort(np.where(valid[None], x[:, np.clip(idx, 0, n_bins - 1)], np.inf), axis=2)
        count = valid.sum(axis=1)  # fewer cells near the ends of the profile
        k = np.round(QUANTILE * (np.maximum(count, 1) - 1)).astype(int)
        level = np.take_along_axis(cells, np.broadcast_to(k[None, :, None], x.shape + (1,)),
                                   axis=2)[..., 0]
        level[:, count < 3] = np.inf  # too few cells to judge: no detection
        sides.append(level)
    return np.fmax(sides[0], sides[1])


def detect_targets(profiles):
    x = np.asarray(profiles, dtype=float)
    if x.ndim != 2:
        raise ValueError("profiles must be a 2-D array (n_profiles, n_bins)")
    if x.shape[1] < 16:
        raise ValueError("at least 16 range bins are needed")
    if np.any(x < 0) or not np.all(np.isfinite(x)):
        raise ValueError("powers must be finite and non-negative")
    hit = x > FACTOR * _level(x)  # NaN level (no cells at all) never detects
    left = np.concatenate([np.full((x.shape[0], 1), -np.inf), x[:, :-1]], axis=1)
    right = np.concatenate([x[:, 1:], np.full((x.shape[0], 1), -np.inf)], axis=1)
    peak = hit & (x >= left) & (x > right)
    peak[:, :BLANK] = False
    return [[int(i) for i in np.flatnonzero(row)] for row in peak]
