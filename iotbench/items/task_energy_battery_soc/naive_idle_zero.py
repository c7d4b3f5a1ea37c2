"""Careful generalist: the current sensor's zero is taken as the median current read while the
device idles, the initial state of charge from the relaxed voltage at the end of the first
long idle period, then coulomb counting from there (forwards and backwards)."""
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
    tv, ts = tv[order], ts[order]
    idle = np.abs(i) < 0.2
    zero = float(np.median(i[idle])) if idle.any() else 0.0
    corrected = i - zero
    charge = np.concatenate([[0.0], np.cumsum(0.5 * (corrected[1:] + corrected[:-1])
                                               * np.diff(t))])
    # first idle run of at least ten minutes: its last voltage is the open-circuit voltage
    anchor = 0
    start = None
    for k in range(len(t)):
        if idle[k]:
            start = k if start is None else start
            if t[k] - t[start] >= 600 and (k + 1 == len(t) or not idle[k + 1]):
                anchor = k
                break
        else:
            start = None
    soc_anchor = np.interp(np.median(v[max(0, anchor - 30):anchor + 1]), tv, ts)
    soc = soc_anchor - (charge - charge[anchor]) / (capacity_ah * 3600.0) * 100.0
    return np.clip(soc, 0.0, 100.0)
