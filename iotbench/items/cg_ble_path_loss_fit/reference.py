import numpy as np


def fit_path_loss(distances_m, rssi_dbm, ref_distance_m=1.0):
    """Least-squares fit of rssi = P0 - 10 n log10(d / d0); returns (P0, n, rmse_db)."""
    d = np.asarray(distances_m, dtype=np.float64).ravel()
    r = np.asarray(rssi_dbm, dtype=np.float64).ravel()
    if d.shape != r.shape:
        raise ValueError("distances_m and rssi_dbm must have the same length")
    if ref_distance_m <= 0:
        raise ValueError("ref_distance_m must be positive")
    if np.any(~(d > 0)):
        raise ValueError("all distances must be strictly positive")
    keep = ~np.isnan(r)          # drop missed scans
    d, r = d[keep], r[keep]
    if np.unique(d).size < 2:
        raise ValueError("need at least two distinct distances")
    # Regressor x = -10 log10(d/d0): then rssi = P0 + n * x.
    x = -10.0 * np.log10(d / ref_distance_m)
    design = np.column_stack([np.ones_like(x), x])
    (p0, n), *_ = np.linalg.lstsq(design, r, rcond=None)
    residual = r - (p0 + n * x)
    rmse = float(np.sqrt(np.mean(residual ** 2)))
    return float(p0), float(n), rmse
