import numpy as np


def points_in_polygon(points, polygon):
    """Even-odd point-in-polygon test; points on an edge or vertex count as inside."""
    pts = np.asarray(points, dtype=np.float64)
    poly = np.asarray(polygon, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2 or poly.ndim != 2 or poly.shape[1] != 2:
        raise ValueError("points and polygon must have shape (N, 2)")
    if poly.size and np.array_equal(poly[0], poly[-1]):
        poly = poly[:-1]                   # drop the closing duplicate vertex
    if len(poly) < 3:
        raise ValueError("polygon needs at least 3 vertices")
    px, py = pts[:, 0], pts[:, 1]
    inside = np.zeros(len(pts), dtype=bool)
    on_edge = np.zeros(len(pts), dtype=bool)
    for k in range(len(poly)):
        ax, ay = poly[k - 1]               # edge from the previous vertex (wraps for k = 0)
        bx, by = poly[k]
        # On the edge: collinear with a-b and within its bounding box.
        cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
        in_box = ((np.minimum(ax, bx) <= px) & (px <= np.maximum(ax, bx))
                  & (np.minimum(ay, by) <= py) & (py <= np.maximum(ay, by)))
        on_edge |= (cross == 0) & in_box
        # Ray to +x crosses the edge if the edge straddles the point's y (half-open rule).
        straddles = (ay > py) != (by > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = ax + (py - ay) * (bx - ax) / (by - ay)
        inside ^= straddles & (px < x_cross)
    return inside | on_edge
