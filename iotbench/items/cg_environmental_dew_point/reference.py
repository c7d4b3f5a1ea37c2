import numpy as np


def dew_point_c(temperature_c, rh_percent, a=17.62, b=243.12):
    """Dew point (degC) from temperature (degC) and relative humidity (%), Magnus formula."""
    t = np.asarray(temperature_c, dtype=np.float64)
    rh = np.asarray(rh_percent, dtype=np.float64)
    valid = rh[~np.isnan(rh)]
    if np.any(valid <= 0) or np.any(valid > 100):
        raise ValueError("relative humidity must be in (0, 100]")
    gamma = np.log(rh / 100.0) + a * t / (b + t)
    return np.asarray(b * gamma / (a - gamma), dtype=np.float64)
