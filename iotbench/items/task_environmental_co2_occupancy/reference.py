"""Occupancy from room CO2 by the dynamic mass balance of a well-mixed ventilated room.

V dC/dt = Q (C_out - C) + N G. CO2 responds to a change of occupancy with the room's time
constant V/Q (tens of minutes to hours), so the steady-state relation N = Q (C - C_out) / G lags
behind: the derivative term is needed. The derivative of a noisy reading is taken from a local
linear fit over a ~16 minute window. The outdoor level (plus the sensor's offset) is not known:
it is read from the sensor itself while the building is empty (the lowest smoothed level of the
record, reached at night after several time constants)."""
import numpy as np

WINDOW_S = 16 * 60


def estimate_occupancy(co2_ppm, interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps):
    c = np.asarray(co2_ppm, dtype=float)
    if c.ndim != 1:
        raise ValueError("co2_ppm must be 1-D")
    for value in (interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps):
        if not value > 0:
            raise ValueError("interval, volume, ventilation and CO2 rate must be positive")
    n = c.size
    if n < 3:
        return np.zeros(n)
    half = max(1, int(round(WINDOW_S / interval_s / 2)))
    # local linear fit (value and slope) over a centred window, edges shrink
    t = np.arange(n, dtype=float)
    level, slope = np.empty(n), np.empty(n)
    cs = [np.concatenate([[0.0], np.cumsum(v)]) for v in (np.ones(n), t, c, t * t, t * c)]
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    s0, s1, sy, s2, sty = (x[hi] - x[lo] for x in cs)
    den = s0 * s2 - s1 ** 2
    b = np.where(den > 0, (s0 * sty - s1 * sy) / np.where(den > 0, den, 1), 0.0)
    a = (sy - b * s1) / s0
    level = a + b * t
    slope = b / (interval_s / 3600.0)  # ppm per hour
    baseline = np.percentile(level, 1)
    g = co2_per_person_lps * 3.6  # m3/h
    people = (volume_m3 * slope + ventilation_m3_per_h * (level - baseline)) * 1e-6 / g
    return np.clip(people, 0.0, None)
