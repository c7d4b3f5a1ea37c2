"""ODI3 by nadirs and pre-event peaks instead of a running baseline.

The night is split into stretches with a reading (codes 0 and 127 are sensor-off time and not
part of the hours). In each stretch, artefacts are cut out as level segments: the trace is
split wherever it jumps by 4 or more points within one second (no physiology does that), and a
segment that lies between two such jumps of opposite sign and differs from the readings on both
sides is replaced by interpolation (chains of such segments included); the first 12 s of a
stretch (the oximeter re-acquiring the pulse) and its last 10 s (the probe slipping) are
dropped. Every local minimum whose fall from the highest reading since the
previous event (within two minutes) is at least 3 points, and which the saturation leaves again
by rising at least 2 points, is one desaturation."""
import numpy as np
from scipy.signal import find_peaks, medfilt


def _runs(mask):
    edges = np.diff(np.r_[0, mask.astype(int), 0])
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _remove_artefacts(y):
    """Cut out chains of level segments that start with a jump and end with the jump that
    brings the reading back to its level before the chain (within 45 s)."""
    y = y.astype(float).copy()
    jumps = np.flatnonzero(np.abs(np.diff(y)) >= 4)   # jump between j and j + 1
    keep = np.ones(y.size, bool)
    for k, j in enumerate(jumps):
        if not keep[j]:
            continue
        level = y[j]
        for j2 in jumps[k + 1:]:
            if j2 - j > 45:
                break
            if abs(y[j2 + 1] - level) <= 3:
                keep[j + 1:j2 + 1] = False
                break
    if keep.sum() >= 2 and not keep.all():
        idx = np.arange(y.size)
        y[~keep] = np.interp(idx[~keep], idx[keep], y[keep])
    return y


def oxygen_desaturation_index(spo2):
    x = np.asarray(spo2, dtype=float)
    if x.ndim != 1:
        raise ValueError("spo2 must be a 1-D trace")
    valid = (x > 0) & (x <= 100)
    if not valid.any():
        raise ValueError("no valid reading")
    hours = valid.sum() / 3600.0
    events = 0
    for a, b in _runs(valid):
        y = x[a:b][12:-10] if b - a > 60 else np.array([])
        if y.size < 60:
            continue
        y = medfilt(_remove_artefacts(y), 3)
        minima, _ = find_peaks(-y, prominence=2)
        last = -10**9
        for m in minima:
            start = max(0, m - 120, last)
            peak = y[start:m + 1].max()
            if peak - y[m] < 3:
                continue
            after = y[m:m + 120]
            if after.max() < y[m] + 2:
                continue
            events += 1
            last = m
    return float(events / hours)
