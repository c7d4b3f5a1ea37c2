import math

import numpy as np

# the PM2.5 AQI table most tutorials and libraries still carry (2012 version)
TABLE = [(0.0, 12.0, 0, 50, "Good"), (12.1, 35.4, 51, 100, "Moderate"),
         (35.5, 55.4, 101, 150, "Unhealthy for Sensitive Groups"),
         (55.5, 150.4, 151, 200, "Unhealthy"), (150.5, 250.4, 201, 300, "Very Unhealthy"),
         (250.5, 350.4, 301, 400, "Hazardous"), (350.5, 500.4, 401, 500, "Hazardous")]


def nowcast_aqi(pm25):
    x = np.asarray(pm25, dtype=float)
    if x.ndim != 1:
        raise ValueError("pm25 must be 1-D")
    aqi, cat = [], []
    for k in range(len(x)):
        w_vals = [(i, x[k - i]) for i in range(12) if k - i >= 0 and np.isfinite(x[k - i])]
        if sum(1 for i, _ in w_vals if i < 3) < 2:
            aqi.append(None)
            cat.append(None)
            continue
        vals = [v for _, v in w_vals]
        w = max(0.5, min(vals) / max(vals)) if max(vals) > 0 else 1.0
        nc = sum(w ** i * v for i, v in w_vals) / sum(w ** i for i, _ in w_vals)
        c = math.floor(nc * 10 + 1e-9) / 10
        for c_lo, c_hi, i_lo, i_hi, name in TABLE:
            if c <= c_hi:
                aqi.append(round((i_hi - i_lo) / (c_hi - c_lo) * (max(c, c_lo) - c_lo) + i_lo))
                cat.append(name)
                break
        else:
            aqi.append(500)
            cat.append("Hazardous")
    return aqi, cat
