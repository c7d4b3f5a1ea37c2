"""Strongest reading: obstruction only lowers RSSI, so take the maximum as the line-of-sight
level."""
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


def beacon_distance(timestamps, rssi, measured_power, path_loss_exponent):
    _t, x = _check(timestamps, rssi, path_loss_exponent)
    return float(10 ** ((measured_power - x.max()) / (10 * path_loss_exponent)))
