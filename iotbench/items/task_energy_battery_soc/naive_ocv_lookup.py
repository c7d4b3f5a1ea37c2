"""State of charge read from the OCV table at every sample (voltage-based fuel gauge)."""
import numpy as np


def estimate_soc(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t = np.asarray(t, dtype=float)
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    ts = np.asarray(table_soc, dtype=float)
    tv = np.asarray(table_ocv, dtype=float)
    if t.ndim != 1 or v.shape != t.shape or i.shape != t.shape:
        raise ValueError("inputs must be 1-D arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if capacity_ah <= 0:
        raise ValueError("capacity must be positive")
    if ts.shape != tv.shape or ts.size < 2:
        raise ValueError("bad OCV table")
    order = np.argsort(tv)
    # light smoothing against ADC noise
    k = 31
    padded = np.pad(v, k // 2, mode="edge")
    smooth = np.convolve(padded, np.ones(k) / k, mode="valid")
    return np.clip(np.interp(smooth, tv[order], ts[order]), 0.0, 100.0)
