"""Reference solution for cg_imu_har_features."""

import numpy as np


def _pearson(u, v):
    """Pearson correlation; 0.0 if either input is constant."""
    du, dv = u - u.mean(), v - v.mean()
    denom = np.sqrt(np.sum(du * du) * np.sum(dv * dv))
    return float(np.sum(du * dv) / denom) if denom > 0 else 0.0


def har_features(acc, window, step):
    """18 statistical features per sliding window of a (n, 3) accelerometer signal."""
    a = np.asarray(acc, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if window < 2 or step < 1 or a.shape[0] < window:
        raise ValueError("need window >= 2, step >= 1 and at least one full window")

    rows = []
    for start in range(0, a.shape[0] - window + 1, step):
        seg = a[start:start + window]
        feats = []
        for axis in range(3):
            col = seg[:, axis]
            feats += [col.mean(), col.std(), col.min(), col.max()]
        mag = np.sqrt(np.sum(seg * seg, axis=1))
        feats += [mag.mean(), mag.std()]
        feats.append(np.mean(np.sum(np.abs(seg), axis=1)))          # signal magnitude area
        for i, j in ((0, 1), (0, 2), (1, 2)):
            feats.append(_pearson(seg[:, i], seg[:, j]))
        rows.append(feats)
    return np.array(rows, dtype=np.float64)
