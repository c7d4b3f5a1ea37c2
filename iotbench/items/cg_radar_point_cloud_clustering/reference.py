"""Distance-threshold (single-linkage) clustering of a radar point cloud."""
import numpy as np
from scipy.sparse.csgraph import connected_components


def cluster_points(points, eps=0.5, min_points=3):
    """Return (labels, centroids); clusters smaller than min_points are labelled -1."""
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2:
        raise ValueError("points must be a 2-D array (N, D)")
    if eps <= 0:
        raise ValueError("eps must be positive")
    if min_points < 1:
        raise ValueError("min_points must be at least 1")

    # neighbour graph from pairwise distances (fine for the few hundred points of a frame)
    diff = pts[:, np.newaxis, :] - pts[np.newaxis, :, :]
    neighbours = np.sqrt((diff ** 2).sum(axis=2)) <= eps
    # connected components (the matrix is symmetric); scipy numbers them in order of their
    # lowest node index
    _, component = connected_components(neighbours)

    sizes = np.bincount(component)
    keep = sizes >= min_points
    new_ids = np.cumsum(keep) - 1                 # consecutive ids for the kept clusters
    labels = np.where(keep[component], new_ids[component], -1).astype(np.int64)
    centroids = [pts[component == comp].mean(axis=0) for comp in np.flatnonzero(keep)]
    return labels, np.array(centroids, dtype=np.float64).reshape(len(centroids), pts.shape[1])
