"""Appliance switching events from 1 Hz household power and voltage.

A two-window edge detector compares the median draw in the 14 s before and after every sample
(medians ignore inrush surges and the pauses of a tumbling drum); peaks of the difference of at
least 60 W are candidate edges, timed by an L1 step fit. The voltage then tells who made the
edge. A house's loads respond to a grid-side voltage step in the same direction (resistive
loads with the voltage squared, current-controlled loads such as a charging car in proportion,
constant-power drives not at all), so a power edge that comes with a voltage step of the same
sign and is no larger than the voltage can explain is the grid's, not an appliance's. An
appliance switching instead sags (or lifts) the voltage through the supply's impedance: voltage
and power move in opposite directions. No single voltage normalisation fits a mix of load types,
which is why the edge is judged rather than the power normalised.
"""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import find_peaks

V_NOM = 230.0
WIN = 14
MIN_STEP = 60.0
Z_SENSITIVITY = 2.5  # at most the constant-impedance response, dP/P = 2 dV/V, plus a margin
MARGIN_W = 25.0


def _before_after(x, n):
    med = median_filter(x, size=WIN, mode="nearest", origin=0)
    half = WIN // 2
    after = np.full(n, np.nan)
    before = np.full(n, np.nan)
    after[: n - half] = med[half:]
    before[half:] = med[: n - half]
    return before, after


def detect_events(power, voltage):
    p = np.asarray(power, dtype=float)
    v = np.asarray(voltage, dtype=float)
    if p.ndim != 1 or v.ndim != 1 or p.shape != v.shape:
        raise ValueError("power and voltage must be 1-D arrays of equal length")
    n = p.size
    if n < 2 * WIN + 2:
        return []
    v = np.clip(v, 150.0, 300.0)
    before, after = _before_after(p, n)
    vb, va = _before_after(v, n)
    d = after - before
    d[:WIN] = 0.0
    d[n - WIN:] = 0.0
    d = np.nan_to_num(d)
    events = []
    for sign, label in ((1.0, "on"), (-1.0, "off")):
        peaks, _ = find_peaks(sign * d, height=MIN_STEP, distance=WIN)
        for k in peaks:
            dv = va[k] - vb[k]
            if np.sign(dv) == sign:
                explainable = Z_SENSITIVITY * abs(dv) / V_NOM * max(before[k], after[k])
                if abs(d[k]) <= explainable + MARGIN_W:
                    continue  # the grid's voltage moved the house's draw
            # refine: the split point of the best L1 fit of a step between the two levels
            lo, hi = max(0, k - WIN), min(n, k + WIN)
            seg = p[lo:hi]
            c_before = np.concatenate([[0.0], np.cumsum(np.abs(seg - before[k]))])
            c_after = np.concatenate([[0.0], np.cumsum(np.abs(seg - after[k]))])
            cost = c_before + (c_after[-1] - c_after)
            best = lo + int(np.argmin(cost))
            events.append((float(best), label))
    events.sort()
    return events
