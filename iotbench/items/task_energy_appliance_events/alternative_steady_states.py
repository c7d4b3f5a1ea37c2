"""Different method: steady-state segmentation in the style of classic non-intrusive load
monitoring, with the grid's own voltage steps recognised from a reconstructed grid voltage.

The house's current sags the meter's voltage through the supply impedance; the impedance is
estimated from the large sample-to-sample jumps (median of -dV/dI), and adding the sag back
gives the voltage the grid itself supplies. Steps of that grid voltage are the transformer's or
the neighbours', and they move every voltage-dependent load of the house with them. The
median-smoothed power is cut into steady states (samples staying near the mean of the
segment's last 30 s, at least 10 s long); a switching is reported wherever consecutive steady states differ by
at least 60 W, unless a grid voltage step in the same direction at that moment explains it."""
import numpy as np
from scipy.ndimage import median_filter

V_NOM = 230.0
TOL = 35.0
MIN_STEADY = 10
MEMORY = 30


def _impedance(p, v):
    i = p / v
    di = i[2:] - i[:-2]
    dv = v[2:] - v[:-2]
    big = np.abs(di) > 3.0
    if big.sum() < 3:
        return 0.25
    return float(np.clip(np.median(-dv[big] / di[big]), 0.0, 1.0))


def _grid_steps(vg, n):
    """(time, signed size) of steps of the grid-side voltage of at least 1.5 V."""
    w = 12
    med = median_filter(vg, size=w, mode="nearest")
    d = np.zeros(n)
    d[w:n - w] = med[w + w // 2:n - w + w // 2] - med[w - w // 2:n - w - w // 2]
    steps = []
    k = 0
    while k < n:
        if abs(d[k]) >= 1.5:
            j = k
            while j < n and abs(d[j]) >= 1.5 and np.sign(d[j]) == np.sign(d[k]):
                j += 1
            m = k + int(np.argmax(np.abs(d[k:j])))
            steps.append((m, float(d[m])))
            k = j
        else:
            k += 1
    return steps


def detect_events(power, voltage):
    p = np.asarray(power, dtype=float)
    v = np.asarray(voltage, dtype=float)
    if p.ndim != 1 or v.ndim != 1 or p.shape != v.shape:
        raise ValueError("power and voltage must be 1-D arrays of equal length")
    n = p.size
    if n < 2 * MIN_STEADY:
        return []
    v = np.clip(v, 150.0, 300.0)
    z = _impedance(p, v)
    grid = _grid_steps(v + z * p / v, n)
    y = median_filter(p, size=11, mode="nearest")
    # segmentation: a segment continues while samples stay near the mean of its last MEMORY
    # samples (a slowly modulating load does not break it)
    bounds = [0]
    start, out = 0, 0
    for k in range(1, n):
        mean = y[max(start, k - out - MEMORY):k - out].mean()
        if abs(y[k] - mean) > TOL:
            out += 1
            if out >= 3:
                start, out = k - 2, 0
                bounds.append(start)
        else:
            out = 0
    bounds.append(n)
    steady = []  # (start, end_exclusive, level at its start, level at its end)
    for a, b in zip(bounds[:-1], bounds[1:]):
        if b - a >= MIN_STEADY:
            steady.append((a, b, float(np.median(y[a:a + MIN_STEADY])),
                           float(np.median(y[b - MIN_STEADY:b]))))
    events = []
    for prev, nxt in zip(steady[:-1], steady[1:]):
        delta = nxt[2] - prev[3]
        if abs(delta) < 60.0:
            continue
        # the switching lies between the two steady states: the sample where the smoothed
        # power crosses halfway between their levels
        a, b = prev[1] - 1, nxt[0] + 1
        mid = 0.5 * (prev[3] + nxt[2])
        seg = y[a:b]
        cross = np.flatnonzero((seg - mid) * np.sign(delta) > 0)
        t = a + (int(cross[0]) if cross.size else 0)
        by_grid = [dv for m, dv in grid if abs(m - t) <= 10 and np.sign(dv) == np.sign(delta)]
        if by_grid:
            dv = max(by_grid, key=abs)
            if abs(delta) <= 2.5 * abs(dv) / V_NOM * max(prev[3], nxt[2]) + 25.0:
                continue
        events.append((float(t), "on" if delta > 0 else "off"))
    return events
