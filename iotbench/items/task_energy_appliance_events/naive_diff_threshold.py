"""Event detection from the first difference of the power: every jump of at least 60 W between
consecutive samples is a switching, with a short hold-off so one edge is reported once."""
import numpy as np


def detect_events(power, voltage):
    p = np.asarray(power, dtype=float)
    v = np.asarray(voltage, dtype=float)
    if p.ndim != 1 or v.ndim != 1 or p.shape != v.shape:
        raise ValueError("power and voltage must be 1-D arrays of equal length")
    if p.size < 3:
        return []
    # two-sample difference so a switching that falls between samples is seen whole
    d = p[2:] - p[:-2]
    events = []
    last = -10
    for k in np.flatnonzero(np.abs(d) >= 60.0):
        if k - last < 3:
            continue
        events.append((float(k + 1), "on" if d[k] > 0 else "off"))
        last = k
    return events
