import numpy as np

from candidate import complementary_filter


def test_level_and_still():
    acc = np.tile([0.0, 0.0, 9.81], (50, 1))
    angles = complementary_filter(acc, np.zeros((50, 3)), 100.0)
    assert angles.shape == (50, 2)
    assert np.allclose(angles, 0.0)
