import numpy as np

from candidate import integrate_gyro


def test_constant_bias_is_removed():
    gyro = np.full(300, 0.02)
    angles = integrate_gyro(gyro, 100.0)
    assert angles.shape == (300,)
    assert np.allclose(angles, 0.0)
