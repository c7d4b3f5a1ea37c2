"""Textbook coulomb counting: initial state of charge from the first voltage sample through the
OCV table, then integrate the measured current."""
import numpy as np


def estimate_soc(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t = np.asarray(t, dtype=float)
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    ts = np.asarray(table_soc, dtype=float)
    tv = np.asarray(table_ocv, dtype=float)
    if t.ndim != 1 or v.shape != t.shape or i.shape != t.shape or t.size < 2:
        raise ValueError("inputs must be 1-D arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if capacity_ah <= 0:
        raise ValueError("capacity must be positive")
    if ts.shape != tv.shape or ts.size < 2:
        raise ValueError("bad OCV table")
    order = np.argsort(tv)
    soc0 = np.interp(v[0], tv[order], ts[order])
    charge = np.concatenate([[0.0], np.cumsum(0.5 * (i[1:] + i[:-1]) * np.diff(t))])
    soc = soc0 - charge / (capacity_ah * 3600.0) * 100.0
    return np.clip(soc, 0.0, 100.0)
