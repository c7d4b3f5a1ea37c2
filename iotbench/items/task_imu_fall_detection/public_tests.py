import numpy as np

from candidate import detect_falls


def test_standing_still_is_not_a_fall():
    fs = 50.0
    n = int(60 * fs)
    noise = np.random.default_rng(0).normal(0, 0.01, size=(n, 3))
    acc = np.array([0.05, -0.98, 0.1]) + noise
    gyro = np.array([0.5, -1.0, 0.8]) + 10 * noise
    assert detect_falls(acc, gyro, fs) == []


def test_rejects_mismatched_inputs():
    try:
        detect_falls(np.zeros((100, 3)), np.zeros((90, 3)), 50.0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
