"""Per-advert decision: each advert's RSSI against the 2 m level, with a 3 dB hysteresis."""
import numpy as np


def proximity_events(times_s, rssi_dbm, rssi_1m_dbm):
    t = np.asarray(times_s, dtype=float)
    x = np.asarray(rssi_dbm, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("times_s and rssi_dbm must be 1-D arrays of the same length")
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("times_s must be non-decreasing")
    level = rssi_1m_dbm - 20 * np.log10(2.0)
    events, inside = [], False
    for ti, xi in zip(t, x):
        if not inside and xi > level + 1.5:
            inside = True
            events.append((float(ti), "enter"))
        elif inside and xi < level - 1.5:
            inside = False
            events.append((float(ti), "leave"))
    return events
