"""Target detection against an edge-preserving floor estimated in decibels.

Clutter-plus-noise changes along range in steps (clutter regions) and ramps. A running median of
the profile in dB follows both: a median tracks a step instead of smearing it like an average,
and the few cells of a target's main lobe -- or of a few targets in a queue -- are a minority of
the window and do not move it. Right at a step the median flips from one level to the other
within a cell or two, so the floor of each cell is the highest of the running medians centred a
few cells to its left, on it and to its right. A local maximum more than a fixed margin above
that floor is a target (the margin sets false alarms near 1e-4 per cell for exponentially
distributed clutter power, whose median lies 1.6 dB below its mean).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HALF = 12  # cells on each side of the running median
SHIFT = 8
MARGIN_DB = 11.0
BLANK = 8


def _running_median(y):
    padded = np.pad(y, ((0, 0), (HALF, HALF)), constant_values=np.nan)
    win = sliding_window_view(padded, 2 * HALF + 1, axis=1)
    return np.nanmedian(win, axis=2)


def detect_targets(profiles):
    x = np.asarray(profiles, dtype=float)
    if x.ndim != 2:
        raise ValueError("profiles must be a 2-D array (n_profiles, n_bins)")
    if x.shape[1] < 16:
        raise ValueError("at least 16 range bins are needed")
    if np.any(x < 0) or not np.all(np.isfinite(x)):
        raise ValueError("powers must be finite and non-negative")
    db = 10 * np.log10(x + 1e-30)
    med = _running_median(db)
    padded = np.pad(med, ((0, 0), (SHIFT, SHIFT)), mode="edge")
    n = db.shape[1]
    floor = np.maximum.reduce([padded[:, s:s + n] for s in (0, SHIFT, 2 * SHIFT)])
    left = np.concatenate([np.full((x.shape[0], 1), -np.inf), db[:, :-1]], axis=1)
    right = np.concatenate([db[:, 1:], np.full((x.shape[0], 1), -np.inf)], axis=1)
    peak = (db > floor + MARGIN_DB) & (db >= left) & (db > right)
    peak[:, :BLANK] = False
    return [[int(i) for i in np.flatnonzero(row)] for row in peak]
