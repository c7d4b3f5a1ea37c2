"""Careful generalist who knows textbook NILM: the power is normalised to the nominal supply
voltage with Hart's admittance normalisation (power times the squared ratio of nominal to
measured voltage), then a two-window edge detector compares the median draw in the 14 s before
and after every sample; medians ignore inrush surges and the pauses of a tumbling drum. Peaks
of the difference of at least 60 W are events. This was the v1 reference."""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import find_peaks

V_NOM = 230.0
WIN = 14
MIN_STEP = 60.0


def detect_events(power, voltage):
    p = np.asarray(power, dtype=float)
    v = np.asarray(voltage, dtype=float)
    if p.ndim != 1 or v.ndim != 1 or p.shape != v.shape:
        raise ValueError("power and voltage must be 1-D arrays of equal length")
    n = p.size
    if n < 2 * WIN + 2:
        return []
    x = p * (V_NOM / np.clip(v, 150.0, 300.0)) ** 2
    # medians of the WIN samples before (ending at k-1) and after (starting at k)
    med = median_filter(x, size=WIN, mode="nearest", origin=0)
    half = WIN // 2
    after = np.full(n, np.nan)
    before = np.full(n, np.nan)
    after[: n - half] = med[half:]
    before[half:] = med[: n - half]
    d = after - before
    d[:WIN] = 0.0
    d[n - WIN:] = 0.0
    d = np.nan_to_num(d)
    events = []
    for sign, label in ((1.0, "on"), (-1.0, "off")):
        peaks, _ = find_peaks(sign * d, height=MIN_STEP, distance=WIN)
        for k in peaks:
            # refine: the split point of the best L1 fit of a step between the two levels
            lo, hi = max(0, k - WIN), min(n, k + WIN)
            seg = x[lo:hi]
            c_before = np.concatenate([[0.0], np.cumsum(np.abs(seg - before[k]))])
            c_after = np.concatenate([[0.0], np.cumsum(np.abs(seg - after[k]))])
            cost = c_before + (c_after[-1] - c_after)
            best = lo + int(np.argmin(cost))
            events.append((float(best), label))
    events.sort()
    return events
