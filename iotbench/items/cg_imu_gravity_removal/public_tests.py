import numpy as np

from candidate import remove_gravity


def test_device_at_rest():
    acc = np.tile([0.5, -1.0, 9.7], (200, 1))
    linear, gravity = remove_gravity(acc, 50.0)
    assert np.allclose(gravity, acc)
    assert np.allclose(linear, 0.0, atol=1e-9)
