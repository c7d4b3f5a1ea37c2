import numpy as np

from candidate import geodetic_to_enu


def test_straight_up():
    out = np.asarray(geodetic_to_enu(45.0, 7.0, 50.0, 45.0, 7.0, 0.0))
    np.testing.assert_allclose(out, [0.0, 0.0, 50.0], atol=1e-6)
