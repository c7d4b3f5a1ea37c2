"""Two-state model: the recording alternates between an unobstructed and a body-shadowed
state (and the shadowing differs from one turn to the next). The local level at each reading
is the average of the dB readings within one second either side. The local levels are split
into two clusters (1-D k-means); while the split is clearly bimodal (the clusters more than
6 dB apart, the upper one not a handful of readings) the upper cluster is split again, so that
a light shadow does not pass for line of sight. The dB average of the readings in the final
upper cluster is the line-of-sight level, and the log-distance law is inverted from it."""
import numpy as np

HALF_WINDOW_S = 1.0
SEPARATION_DB = 6.0
MIN_FRACTION = 0.1


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


def _local_levels(t, x):
    order = np.argsort(t, kind="stable")
    t, x = t[order], x[order]
    lo = np.searchsorted(t, t - HALF_WINDOW_S)
    hi = np.searchsorted(t, t + HALF_WINDOW_S, side="right")
    csum = np.concatenate([[0.0], np.cumsum(x)])
    return x, (csum[hi] - csum[lo]) / (hi - lo)


def _two_means(s):
    """1-D k-means with two clusters: mask of the upper cluster and the clusters' distance."""
    lo, hi = np.percentile(s, 20), np.percentile(s, 90)
    upper = np.ones(s.size, bool)
    for _ in range(50):
        upper = np.abs(s - hi) <= np.abs(s - lo)
        if upper.all() or not upper.any():
            break
        new_hi, new_lo = s[upper].mean(), s[~upper].mean()
        if new_hi == hi and new_lo == lo:
            break
        hi, lo = new_hi, new_lo
    return upper, hi - lo


def beacon_distance(timestamps, rssi, measured_power, path_loss_exponent):
    t, x = _check(timestamps, rssi, path_loss_exponent)
    x, local = _local_levels(t, x)
    state = np.arange(x.size)             # readings of the current upper state
    while True:
        upper, gap = _two_means(local[state])
        if upper.all() or not upper.any() or gap <= SEPARATION_DB \
                or upper.sum() < MIN_FRACTION * x.size:
            break
        state = state[upper]
    level = float(x[state].mean())
    return float(10 ** ((measured_power - level) / (10 * path_loss_exponent)))
