import numpy as np

from candidate import douglas_peucker


def test_corner_is_kept():
    pts = [[0.0, 0.0], [5.0, 0.0], [10.0, 0.0], [10.0, 5.0], [10.0, 10.0]]
    assert np.asarray(douglas_peucker(pts, 1.0)).tolist() == [0, 2, 4]
