"""Careful generalist: RSSI averaged over a 5 s time window, converted to distance with the
log-distance model, hysteresis around 2 m, and a change of state accepted only after it has
held for 5 s (time-stamped where it began)."""
import numpy as np


def proximity_events(times_s, rssi_dbm, rssi_1m_dbm):
    t = np.asarray(times_s, dtype=float)
    x = np.asarray(rssi_dbm, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("times_s and rssi_dbm must be 1-D arrays of the same length")
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("times_s must be non-decreasing")
    events = []
    inside = False
    pending = None
    lo = 0
    for i in range(t.size):
        while t[lo] < t[i] - 5.0:
            lo += 1
        mean = x[lo:i + 1].mean()
        dist = 10 ** ((rssi_1m_dbm - mean) / 20.0)
        want = dist < 1.8 if not inside else dist < 2.4
        if want != inside:
            if pending is None:
                pending = t[i]
            elif t[i] - pending >= 5.0:
                inside = want
                events.append((float(pending), "enter" if inside else "leave"))
                pending = None
        else:
            pending = None
    return events
