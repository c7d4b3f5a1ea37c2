"""Careful generalist: a temperature-corrected performance ratio per day (cell temperature from
ambient temperature and irradiance, crystalline-silicon power coefficient), computed only over
samples where power, irradiance and temperature were all logged, and compared with the site's
own good days (faults and soiling are common, so the upper part of the distribution is the
healthy level); days clearly below it are flagged."""
import numpy as np

GAMMA = -0.004
K_T = 0.03


def flag_underperforming_days(power, irradiance, temperature, dc_capacity_w, ac_limit_w):
    p = np.asarray(power, dtype=float)
    g = np.asarray(irradiance, dtype=float)
    ta = np.asarray(temperature, dtype=float)
    if p.ndim != 2 or g.shape != p.shape or ta.shape != p.shape:
        raise ValueError("inputs must be 2-D arrays of one shape")
    if not dc_capacity_w > 0 or not ac_limit_w > 0:
        raise ValueError("capacities must be positive")
    valid = np.isfinite(p) & np.isfinite(g) & np.isfinite(ta) & (np.nan_to_num(g) > 50)
    gp = np.where(valid, g, 0.0)
    tc = np.where(valid, ta, 25.0) + K_T * gp
    reference = dc_capacity_w * gp / 1000.0 * (1 + GAMMA * (tc - 25))
    produced = np.where(valid, np.clip(p, 0, None), 0.0).sum(axis=1)
    possible = reference.sum(axis=1)
    ok = possible > 0
    pr = np.full(p.shape[0], np.nan)
    pr[ok] = produced[ok] / possible[ok]
    ranked = np.sort(pr[ok])
    healthy = np.median(ranked[int(0.6 * ranked.size):])
    return [int(d) for d in np.flatnonzero(ok & (pr < 0.935 * healthy))]
