import numpy as np

from candidate import weighted_centroid


def test_two_equal_beacons_midpoint():
    out = np.asarray(weighted_centroid([[0.0, 0.0], [4.0, 2.0]], [-70.0, -70.0]))
    np.testing.assert_allclose(out, [2.0, 1.0], atol=1e-6)
