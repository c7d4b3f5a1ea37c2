import numpy as np
from scipy.signal import savgol_filter


def estimate_occupancy(co2_ppm, interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps):
    """Dynamic CO2 mass balance with a Savitzky-Golay derivative; outdoor air at 420 ppm."""
    c = np.asarray(co2_ppm, dtype=float)
    if c.ndim != 1:
        raise ValueError("co2_ppm must be 1-D")
    if min(interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps) <= 0:
        raise ValueError("parameters must be positive")
    n = c.size
    win = max(5, int(round(900 / interval_s)) | 1)
    if n < win:
        return np.zeros(n)
    level = savgol_filter(c, win, 2)
    slope = savgol_filter(c, win, 2, deriv=1, delta=interval_s / 3600.0)
    g = co2_per_person_lps * 3.6
    people = (volume_m3 * slope + ventilation_m3_per_h * (level - 420.0)) * 1e-6 / g
    return np.clip(people, 0.0, None)
