"""Distance from beacon RSSI: calibration and the path-loss law describe the *unobstructed*
mean level; the visitor's body and fading only take power away. Average the dB readings over
short windows (a couple of seconds, several channels and fading states), take an upper
quantile of the window levels (the unobstructed periods) and invert the log-distance law."""
import numpy as np

WINDOW_S = 3.0


def beacon_distance(timestamps, rssi, measured_power, path_loss_exponent):
    t = np.asarray(timestamps, dtype=float)
    x = np.asarray(rssi, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("timestamps and rssi must be 1-D arrays of the same length")
    if t.size == 0:
        raise ValueError("no readings")
    if not path_loss_exponent > 0:
        raise ValueError("path_loss_exponent must be positive")
    order = np.argsort(t, kind="stable")
    t, x = t[order], x[order]
    bins = np.floor((t - t[0]) / WINDOW_S).astype(int)
    counts = np.bincount(bins)
    sums = np.bincount(bins, weights=x)
    means = sums[counts >= 3] / counts[counts >= 3]
    if means.size >= 3:
        level = float(np.percentile(means, 80))
    else:  # very few readings: the upper half of the raw readings
        level = float(np.median(x[x >= np.median(x)]))
    return float(10 ** ((measured_power - level) / (10 * path_loss_exponent)))
