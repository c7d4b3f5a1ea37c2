"""Textbook performance ratio: daily AC energy over (DC capacity x daily irradiation / 1 kW/m2),
flagged when it is 10 % below the site's median day."""
import numpy as np


def flag_underperforming_days(power, irradiance, temperature, dc_capacity_w, ac_limit_w):
    p = np.asarray(power, dtype=float)
    g = np.asarray(irradiance, dtype=float)
    ta = np.asarray(temperature, dtype=float)
    if p.ndim != 2 or g.shape != p.shape or ta.shape != p.shape:
        raise ValueError("inputs must be 2-D arrays of one shape")
    if not dc_capacity_w > 0 or not ac_limit_w > 0:
        raise ValueError("capacities must be positive")
    energy = np.nansum(np.clip(p, 0, None), axis=1)
    insolation = np.nansum(np.clip(g, 0, None), axis=1)
    pr = energy / np.maximum(dc_capacity_w * insolation / 1000.0, 1e-9)
    typical = np.median(pr[insolation > 0])
    return [int(d) for d in np.flatnonzero((insolation > 0) & (pr < 0.9 * typical))]
