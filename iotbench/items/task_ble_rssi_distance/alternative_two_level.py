"""Two-state model: the recording alternates between an unobstructed and a body-shadowed
state. Two-second window levels (dB averages) are split into two clusters (1-D k-means); when
they are clearly apart the upper cluster is the line-of-sight level, otherwise the median
window is. The log-distance law is inverted from that level."""
import numpy as np


def _check(timestamps, rssi, path_loss_exponent):
    t = np.asarray(timestamps, dtype=float)
    x = np.asarray(rssi, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("timestamps and rssi must be 1-D arrays of the same length")
    if t.size == 0:
        raise ValueError("no readings")
    if not path_loss_exponent > 0:
        raise ValueError("path_loss_exponent must be positive")
    return t, x


def _window_levels(t, x, width=2.0):
    order = np.argsort(t)
    t, x = t[order], x[order]
    levels, start = [], 0
    for stop in range(1, t.size + 1):
        if stop == t.size or t[stop] - t[start] >= width:
            if stop - start >= 2:
                levels.append(x[start:stop].mean())
            start = stop
    return np.array(levels) if levels else x.copy()


def beacon_distance(timestamps, rssi, measured_power, path_loss_exponent):
    t, x = _check(timestamps, rssi, path_loss_exponent)
    w = _window_levels(t, x)
    lo, hi = np.percentile(w, 20), np.percentile(w, 90)
    upper = np.ones(w.size, bool)
    for _ in range(50):
        upper = np.abs(w - hi) <= np.abs(w - lo)
        if upper.all() or not upper.any():
            break
        hi, lo = w[upper].mean(), w[~upper].mean()
    level = np.median(w[upper]) if upper.any() and not upper.all() and hi - lo > 5 else np.median(w)
    return float(10 ** ((measured_power - level) / (10 * path_loss_exponent)))
