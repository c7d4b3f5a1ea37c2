import numpy as np

from candidate import estimate_breathing_rate


def test_single_subcarrier_15_bpm():
    fs = 10.0
    t = np.arange(900) / fs
    x = 20 + np.sin(2 * np.pi * 0.25 * t)
    assert abs(estimate_breathing_rate(x, fs) - 15.0) < 0.3
