import numpy as np


def knn_locate(fingerprints, positions, query, k=3, missing_dbm=-100.0, weighted=True):
    """k-nearest-neighbour fingerprint positioning in RSSI space."""
    fp = np.asarray(fingerprints, dtype=np.float64)
    pos = np.asarray(positions, dtype=np.float64)
    q = np.asarray(query, dtype=np.float64)
    if fp.ndim != 2 or pos.ndim != 2 or pos.shape[0] != fp.shape[0] or q.shape != (fp.shape[1],):
        raise ValueError("inconsistent shapes of fingerprints, positions and query")
    if k < 1:
        raise ValueError("k must be at least 1")
    # Unheard beacons get a floor value so that 'not heard' still counts as very weak.
    fp = np.where(np.isnan(fp), missing_dbm, fp)
    q = np.where(np.isnan(q), missing_dbm, q)
    dist = np.sqrt(np.sum((fp - q) ** 2, axis=1))
    # Stable sort: among equal distances the lower row index comes first.
    nearest = np.argsort(dist, kind="stable")[:k]
    d_sel, p_sel = dist[nearest], pos[nearest]
    if not weighted:
        return p_sel.mean(axis=0)
    exact = d_sel == 0
    if np.any(exact):
        # An exact match would get infinite weight: average the exact matches only.
        return p_sel[exact].mean(axis=0)
    w = np.reciprocal(d_sel)
    return w @ p_sel / np.sum(w)
