"""Different method: steady-state segmentation in the style of classic non-intrusive load
monitoring. Power is normalised to nominal voltage and median-smoothed (removing inrush surges
and drum pauses); samples are grouped into segments whose values stay near the segment's
running mean; segments lasting at least 10 s are steady states, and a switching is reported
wherever consecutive steady states differ by at least 60 W."""
import numpy as np
from scipy.ndimage import median_filter

V_NOM = 230.0
TOL = 35.0
MIN_STEADY = 10


def detect_events(power, voltage):
    p = np.asarray(power, dtype=float)
    v = np.asarray(voltage, dtype=float)
    if p.ndim != 1 or v.ndim != 1 or p.shape != v.shape:
        raise ValueError("power and voltage must be 1-D arrays of equal length")
    n = p.size
    if n < 2 * MIN_STEADY:
        return []
    x = p * (V_NOM / np.clip(v, 150.0, 300.0)) ** 2
    y = median_filter(x, size=11, mode="nearest")
    # segmentation
    segments = []  # (start, end_exclusive, mean)
    start, total, count, out = 0, y[0], 1, 0
    k = 1
    while k < n:
        mean = total / count
        if abs(y[k] - mean) > TOL:
            out += 1
            if out >= 3:
                segments.append((start, k - 2, total / count))
                start, total, count, out = k - 2, y[k - 2] + y[k - 1] + y[k], 3, 0
        else:
            # samples that briefly left the band are folded back in once it returns
            total += y[k]
            count += 1
            out = 0
        k += 1
    segments.append((start, n, total / count))
    steady = [s for s in segments if s[1] - s[0] >= MIN_STEADY]
    events = []
    for prev, nxt in zip(steady[:-1], steady[1:]):
        delta = nxt[2] - prev[2]
        if abs(delta) >= 60.0:
            # the switching lies between the two steady states: the sample where the smoothed
            # power crosses halfway between their levels
            a, b = prev[1] - 1, nxt[0] + 1
            mid = 0.5 * (prev[2] + nxt[2])
            seg = y[a:b]
            cross = np.flatnonzero((seg - mid) * np.sign(delta) > 0)
            t = a + (int(cross[0]) if cross.size else 0)
            events.append((float(t), "on" if delta > 0 else "off"))
    return events
