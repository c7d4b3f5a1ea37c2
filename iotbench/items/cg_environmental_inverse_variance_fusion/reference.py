import numpy as np


def fuse_sensors(readings, variances):
    """Per-time-step inverse-variance weighted mean of the available sensor readings."""
    x = np.asarray(readings, dtype=np.float64)
    var = np.asarray(variances, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("readings must have shape (n_sensors, n_steps)")
    if var.shape != (x.shape[0],):
        raise ValueError("need one variance per sensor")
    if not np.all(np.isfinite(var)) or np.any(var <= 0):
        raise ValueError("variances must be finite and positive")
    present = ~np.isnan(x)
    # weight 1/var for present readings, 0 for missing ones
    w = np.where(present, 1.0 / var[:, None], 0.0)
    total_w = w.sum(axis=0)
    weighted = np.where(present, x * w, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fused = weighted.sum(axis=0) / total_w      # 0/0 -> NaN when nothing is present
        fused_var = 1.0 / total_w                   # 1/0 -> inf
    return fused, fused_var
