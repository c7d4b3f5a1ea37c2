import numpy as np

from candidate import estimate_pitch


def test_pure_tone():
    x = np.sin(2 * np.pi * 200.0 * np.arange(800) / 8000)
    assert abs(estimate_pitch(x, 8000) - 200.0) < 2.0
