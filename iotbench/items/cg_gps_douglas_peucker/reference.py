import numpy as np


def douglas_peucker(points, epsilon):
    """Indices of the points kept by Douglas-Peucker simplification (line distance)."""
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError("points must have shape (N, 2)")
    if epsilon < 0:
        raise ValueError("epsilon must be non-negative")
    n = p.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[n - 1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue                     # no interior point
        seg = p[j] - p[i]
        rel = p[i + 1:j] - p[i]
        norm = np.hypot(seg[0], seg[1])
        if norm == 0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            # |cross(seg, rel)| / |seg| is the distance to the infinite line
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm
        m = int(np.argmax(dist))         # first index of the maximum
        if dist[m] > epsilon:
            k = i + 1 + m
            keep[k] = True
            stack.append((i, k))
            stack.append((k, j))
    return np.flatnonzero(keep)
