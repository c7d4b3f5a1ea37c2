import numpy as np


def estimate_occupancy(co2_ppm, interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps):
    """Steady-state CO2 balance: people = Q (C - C_outdoor) / G, outdoor from the record's
    quietest level, readings smoothed over 10 minutes."""
    c = np.asarray(co2_ppm, dtype=float)
    if c.ndim != 1:
        raise ValueError("co2_ppm must be 1-D")
    if min(interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps) <= 0:
        raise ValueError("parameters must be positive")
    w = max(1, int(round(600 / interval_s)))
    pad = np.pad(c, (w // 2, w - 1 - w // 2), mode="edge")
    smooth = np.convolve(pad, np.ones(w) / w, mode="valid")
    outdoor = smooth.min()
    g = co2_per_person_lps * 3.6  # m3/h
    people = ventilation_m3_per_h * (smooth - outdoor) * 1e-6 / g
    return np.clip(people, 0.0, None)
