"""Underperforming PV days: a physical model of the healthy system's AC output (irradiance on
the array, cell temperature from ambient temperature and irradiance for a roof-mounted array,
the usual crystalline-silicon temperature coefficient, inverter clipping at its AC limit),
whose one unknown scale (system losses) is calibrated on the site's own best days; a day is
flagged when the energy it delivered, over the samples where everything was logged, falls
clearly short of the model's."""
import numpy as np

GAMMA = -0.004  # 1/K, crystalline silicon
K_T = 0.03  # K per W/m2, roof mount (NOCT ~ 45-50 C)
FLAG_LOSS = 0.065


def _validate(power, g, ta, p_stc, ac_max):
    p = np.asarray(power, dtype=float)
    g = np.asarray(g, dtype=float)
    ta = np.asarray(ta, dtype=float)
    if p.ndim != 2 or g.shape != p.shape or ta.shape != p.shape:
        raise ValueError("power, irradiance and temperature must be 2-D arrays of one shape")
    if not p_stc > 0 or not ac_max > 0:
        raise ValueError("capacities must be positive")
    return p, g, ta


def _basis(g, ta, p_stc):
    gp = np.clip(g, 0, None)
    tc = ta + K_T * gp
    lowlight = 1 - 0.04 * np.log10(1000.0 / np.clip(gp, 20, None)).clip(0, None)
    return p_stc * gp / 1000.0 * (1 + GAMMA * (tc - 25)) * lowlight


def flag_underperforming_days(power, irradiance, temperature, dc_capacity_w, ac_limit_w):
    p, g, ta = _validate(power, irradiance, temperature, dc_capacity_w, ac_limit_w)
    valid = np.isfinite(p) & np.isfinite(g) & np.isfinite(ta)
    basis = np.where(valid, _basis(np.nan_to_num(g), np.nan_to_num(ta), dc_capacity_w), 0.0)
    pw = np.where(valid, p, 0.0)
    # calibrate the system-loss scale on unclipped daylight samples, day by day
    use = valid & (np.nan_to_num(g) > 150) & (pw < 0.85 * ac_limit_w) & (pw > 0)
    num = (pw * use).sum(axis=1)
    den = (basis * use).sum(axis=1)
    ratios = num[den > 0] / den[den > 0]
    if ratios.size == 0:
        return []
    top = np.sort(ratios)[int(0.6 * ratios.size):]
    k = float(np.median(top))
    expected = np.minimum(k * basis, ac_limit_w)
    day = valid & (expected > 0.02 * ac_limit_w)
    e_exp = (expected * day).sum(axis=1)
    e_got = (np.clip(pw, 0, None) * day).sum(axis=1)
    flags = []
    for d in range(p.shape[0]):
        if e_exp[d] <= 0:
            continue
        if 1 - e_got[d] / e_exp[d] >= FLAG_LOSS:
            flags.append(d)
    return flags
