import numpy as np

from candidate import knn_locate


def test_single_neighbour_is_closest_reference_point():
    fp = [[-50.0, -80.0], [-80.0, -50.0]]
    pos = [[0.0, 0.0], [10.0, 0.0]]
    out = np.asarray(knn_locate(fp, pos, [-52.0, -79.0], k=1))
    np.testing.assert_allclose(out, [0.0, 0.0], atol=1e-6)
