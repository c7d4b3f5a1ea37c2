import numpy as np

from candidate import estimate_tilt


def test_phone_at_rest_on_a_slope():
    fs = 100.0
    n = 1000
    pitch, roll = np.radians(20.0), np.radians(-35.0)
    g = np.array([-np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)])
    rng = np.random.default_rng(1)
    acc = g + rng.normal(0, 0.003, size=(n, 3))
    gyro = np.array([0.4, -0.7, 0.2]) + rng.normal(0, 0.1, size=(n, 3))
    tilt = estimate_tilt(acc, gyro, fs)
    assert tilt.shape == (n, 2)
    assert np.allclose(tilt[-100:].mean(axis=0), [20.0, -35.0], atol=1.0)
