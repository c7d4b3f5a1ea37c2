"""Different method, no physical model: the site's own healthy behaviour is learnt from the
data. For every logged daylight sample, samples of *other* days with the most similar
irradiance and ambient temperature are looked up (nearest neighbours); what they delivered is
what the system delivers in those conditions (inverter clipping, temperature and low-light
behaviour are all in the data). First pass: an upper percentile of all other days (faults only
ever lower the output) gives each day a rough loss. Second pass: the median of the neighbours
from the days that looked clean only. A day is flagged when its logged energy falls clearly
short of the sum of the expectations."""
import numpy as np
from scipy.spatial import cKDTree

K = 40
FLAG_LOSS = 0.065


def _day_losses(feats, pv, d_idx, days, source, pct):
    """Loss per day with expectations from the `source` samples' K nearest neighbours."""
    src = np.flatnonzero(source)
    tree = cKDTree(feats[src])
    _, nb = tree.query(feats, k=min(3 * K, src.size))
    nb = src[nb]
    other = d_idx[nb] != d_idx[:, None]
    keep = other & (np.cumsum(other, axis=1) <= K)
    vals = np.sort(np.where(keep, pv[nb], np.inf), axis=1)  # kept values first, ascending
    count = keep.sum(axis=1)
    pos = pct / 100.0 * np.maximum(count - 1, 0)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
    rows = np.arange(pv.size)
    frac = pos - lo
    expected = np.where(count > 0, vals[rows, lo] * (1 - frac) + vals[rows, hi] * frac, pv)
    e_exp = np.bincount(d_idx, weights=np.clip(expected, 0, None), minlength=days)
    e_got = np.bincount(d_idx, weights=np.clip(pv, 0, None), minlength=days)
    loss = np.zeros(days)
    ok = e_exp > 0
    loss[ok] = 1 - e_got[ok] / e_exp[ok]
    return loss, ok


def flag_underperforming_days(power, irradiance, temperature, dc_capacity_w, ac_limit_w):
    p = np.asarray(power, dtype=float)
    g = np.asarray(irradiance, dtype=float)
    ta = np.asarray(temperature, dtype=float)
    if p.ndim != 2 or g.shape != p.shape or ta.shape != p.shape:
        raise ValueError("inputs must be 2-D arrays of one shape")
    if not dc_capacity_w > 0 or not ac_limit_w > 0:
        raise ValueError("capacities must be positive")
    days = p.shape[0]
    valid = np.isfinite(p) & np.isfinite(g) & np.isfinite(ta) & (np.nan_to_num(g) > 20)
    d_idx, _ = np.nonzero(valid)
    if d_idx.size < 3 * K:
        return []
    pv = p[valid]
    # similarity: 5 W/m2 of irradiance counts like 1 C of ambient temperature
    feats = np.column_stack([g[valid] / 5.0, ta[valid]])
    loss1, _ = _day_losses(feats, pv, d_idx, days, np.ones(pv.size, bool), 70)
    clean_days = loss1 < 0.03
    source = clean_days[d_idx]
    if source.sum() < 3 * K:
        source = np.ones(pv.size, bool)
    loss2, ok = _day_losses(feats, pv, d_idx, days, source, 50)
    return [int(d) for d in range(days) if ok[d] and loss2[d] >= FLAG_LOSS]
