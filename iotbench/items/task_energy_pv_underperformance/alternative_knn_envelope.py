"""Different method, no physical model: the site's own healthy behaviour is learnt from the
data. For every logged daylight sample, samples of *other* days with the most similar
irradiance and ambient temperature are looked up (nearest neighbours); what they delivered is
what the system delivers in those conditions (inverter clipping, temperature and low-light
behaviour are all in the data).

First pass: an upper percentile of the neighbours from all other days (faults only ever lower
the output) gives each day a rough loss, which ranks the days. Second pass: the neighbours are
taken from the cleanest 40 % of the days only (soiling builds up between rains, so even a
"typical" day is dirty), and a local linear fit of their power on irradiance and temperature
gives the expectation at the sample's own conditions. The fit matters at the edge of the data:
a cool clear day's nearest neighbours are warmer than it, and their plain average would
expect too little (a few % at 0.4 %/K). A day is flagged when its logged energy falls clearly
short of the sum of the expectations."""
import numpy as np
from scipy.spatial import cKDTree

K = 40
FLAG_LOSS = 0.065
CLEAN_FRACTION = 0.4


def _neighbours(feats, d_idx, source):
    """The K nearest `source` samples of each sample, from other days only."""
    src = np.flatnonzero(source)
    tree = cKDTree(feats[src])
    _, nb = tree.query(feats, k=min(3 * K, src.size))
    nb = src[nb]
    other = d_idx[nb] != d_idx[:, None]
    keep = other & (np.cumsum(other, axis=1) <= K)
    return nb, keep


def _percentile_expectation(feats, pv, d_idx, source, pct):
    nb, keep = _neighbours(feats, d_idx, source)
    vals = np.sort(np.where(keep, pv[nb], np.inf), axis=1)  # kept values first, ascending
    count = keep.sum(axis=1)
    pos = pct / 100.0 * np.maximum(count - 1, 0)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
    rows = np.arange(pv.size)
    frac = pos - lo
    return np.where(count > 0, vals[rows, lo] * (1 - frac) + vals[rows, hi] * frac, pv)


def _local_linear_expectation(feats, pv, d_idx, source):
    """Least-squares plane through the neighbours' power, evaluated at the sample itself."""
    nb, keep = _neighbours(feats, d_idx, source)
    w = keep.astype(float)
    x = feats[nb] - feats[:, None, :]  # neighbour offsets from the sample
    a = np.concatenate([np.ones(x.shape[:2] + (1,)), x], axis=2) * w[..., None]
    ata = np.einsum("nki,nkj->nij", a, a) + 1e-6 * np.eye(3)
    aty = np.einsum("nki,nk->ni", a, pv[nb] * w)
    est = np.linalg.solve(ata, aty[..., None])[..., 0, 0]
    vals = np.where(keep, pv[nb], np.nan)
    est = np.where(np.isfinite(est), est, np.nanmedian(vals, axis=1))
    # never above what the neighbours delivered at most (the inverter's limit is in there)
    return np.clip(est, 0, np.nanmax(vals, axis=1))


def _losses(expected, pv, d_idx, days):
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
    exp1 = _percentile_expectation(feats, pv, d_idx, np.ones(pv.size, bool), 70)
    loss1, ok1 = _losses(exp1, pv, d_idx, days)
    ranked = [d for d in np.argsort(loss1) if ok1[d]]
    clean_days = np.zeros(days, bool)
    clean_days[ranked[: max(3, int(CLEAN_FRACTION * len(ranked)))]] = True
    source = clean_days[d_idx]
    if source.sum() < 3 * K:
        source = np.ones(pv.size, bool)
    loss2, ok = _losses(_local_linear_expectation(feats, pv, d_idx, source), pv, d_idx, days)
    return [int(d) for d in range(days) if ok[d] and loss2[d] >= FLAG_LOSS]
