import numpy as np


def trilaterate(anchors, distances):
    """Least-squares position from ranges, linearised against the first anchor."""
    a = np.asarray(anchors, dtype=np.float64)
    r = np.asarray(distances, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] not in (2, 3):
        raise ValueError("anchors must have shape (m, 2) or (m, 3)")
    if r.shape != (a.shape[0],):
        raise ValueError("need exactly one distance per anchor")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(r))):
        raise ValueError("inputs must be finite")
    if np.any(r < 0):
        raise ValueError("distances must be non-negative")
    dim = a.shape[1]
    # Row i: 2 (a_i - a_0) . p = |a_i|^2 - |a_0|^2 - (r_i^2 - r_0^2)
    diff = a[1:] - a[0]
    sq = np.sum(a ** 2, axis=1)
    rhs = (sq[1:] - sq[0]) - (r[1:] ** 2 - r[0] ** 2)
    design = 2.0 * diff
    # Fewer than dim + 1 anchors, or collinear/coplanar ones, leave the system rank-deficient.
    if np.linalg.matrix_rank(design) < dim:
        raise ValueError("anchor geometry is degenerate (collinear/coplanar)")
    position, *_ = np.linalg.lstsq(design, rhs, rcond=None)
    return position
