import numpy as np

from candidate import points_in_polygon


def test_triangle():
    out = np.asarray(points_in_polygon([[1.0, 1.0], [5.0, 5.0]], [[0, 0], [4, 0], [0, 4]]))
    assert out.tolist() == [True, False]
