import numpy as np

from candidate import two_point_calibrate


def test_midpoint():
    out = np.asarray(two_point_calibrate([2.0, 6.0, 4.0], 2.0, 0.0, 6.0, 100.0))
    np.testing.assert_allclose(out, [0.0, 100.0, 50.0], atol=1e-9)
