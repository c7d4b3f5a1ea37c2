import numpy as np

BREAKS = [(0.0, 9.0, 0, 50, "Good"), (9.1, 35.4, 51, 100, "Moderate"),
          (35.5, 55.4, 101, 150, "Unhealthy for Sensitive Groups"),
          (55.5, 125.4, 151, 200, "Unhealthy"), (125.5, 225.4, 201, 300, "Very Unhealthy"),
          (225.5, 325.4, 301, 500, "Hazardous")]


def to_aqi(c):
    c = np.floor(c * 10) / 10
    for c_lo, c_hi, i_lo, i_hi, name in BREAKS:
        if c <= c_hi:
            return int(round((i_hi - i_lo) / (c_hi - c_lo) * (max(c, c_lo) - c_lo) + i_lo)), name
    return 500, "Hazardous"


def nowcast_aqi(pm25):
    """NowCast over the last 12 valid readings; a reading is reported once there are 2."""
    x = np.asarray(pm25, dtype=float)
    if x.ndim != 1:
        raise ValueError("pm25 must be a 1-D array")
    aqi, cat = [], []
    for k in range(len(x)):
        past = x[max(0, k - 11):k + 1]
        c = past[np.isfinite(past)][::-1]  # most recent valid first
        if c.size < 2:
            aqi.append(None)
            cat.append(None)
            continue
        w = max(0.5, c.min() / c.max()) if c.max() > 0 else 1.0
        weights = w ** np.arange(c.size)
        a, name = to_aqi(float(np.dot(weights, c) / weights.sum()))
        aqi.append(a)
        cat.append(name)
    return aqi, cat
