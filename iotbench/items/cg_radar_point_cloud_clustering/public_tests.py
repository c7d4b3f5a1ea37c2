import numpy as np

from candidate import cluster_points


def test_two_groups():
    pts = np.array([[0, 0], [0.1, 0], [0, 0.1], [5, 5], [5.1, 5], [5, 5.1]], dtype=float)
    labels, cents = cluster_points(pts, eps=0.5, min_points=3)
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]
    assert cents.shape == (2, 2)
