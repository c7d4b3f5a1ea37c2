"""US EPA NowCast for PM2.5 and the AQI from it (PM2.5 breakpoints of the 2024 revision).

For each hour the NowCast looks at the 12 most recent hours (the current one included). It is
reported only when at least two of the three most recent hours are valid. The weight factor is
the ratio of the smallest to the largest valid concentration in the window, but not below 0.5;
each valid hour is weighted by the factor to the power of how many hours ago it was (missing
hours keep their place in time and simply drop out of both sums). The NowCast concentration is
truncated to 0.1 ug/m3, then mapped to the AQI by linear interpolation between breakpoints and
rounded to the nearest integer."""
import math

import numpy as np

# (C_low, C_high, I_low, I_high, category), PM2.5 in ug/m3, revision effective May 2024
BREAKPOINTS = [
    (0.0, 9.0, 0, 50, "Good"),
    (9.1, 35.4, 51, 100, "Moderate"),
    (35.5, 55.4, 101, 150, "Unhealthy for Sensitive Groups"),
    (55.5, 125.4, 151, 200, "Unhealthy"),
    (125.5, 225.4, 201, 300, "Very Unhealthy"),
    (225.5, 325.4, 301, 500, "Hazardous"),
]


def _aqi(conc):
    c = math.floor(conc * 10 + 1e-9) / 10  # truncate to 0.1 ug/m3
    for c_lo, c_hi, i_lo, i_hi, name in BREAKPOINTS:
        if c <= c_hi + 1e-9:
            c = max(c, c_lo)
            value = (i_hi - i_lo) / (c_hi - c_lo) * (c - c_lo) + i_lo
            return int(math.floor(value + 0.5)), name
    return 500, "Hazardous"


def nowcast_aqi(pm25):
    x = np.asarray(pm25, dtype=float)
    if x.ndim != 1:
        raise ValueError("pm25 must be 1-D")
    aqi, category = [], []
    for k in range(x.size):
        window = x[max(0, k - 11):k + 1][::-1]  # window[i]: i hours ago
        valid = np.isfinite(window)
        if valid[:3].sum() < 2:
            aqi.append(None)
            category.append(None)
            continue
        c = window[valid]
        ago = np.flatnonzero(valid)
        c_max = c.max()
        w = 1.0 if c_max <= 0 else max(0.5, c.min() / c_max)
        weights = w ** ago
        value, name = _aqi(float(np.sum(weights * c) / np.sum(weights)))
        aqi.append(value)
        category.append(name)
    return aqi, category
