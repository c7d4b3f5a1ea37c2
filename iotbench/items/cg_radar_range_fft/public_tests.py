import numpy as np

from candidate import range_profile


def test_single_target():
    fs, slope, n = 10e6, 30e12, 256
    t = np.arange(n) / fs
    beat = np.cos(2 * np.pi * (2 * slope * 10.0 / 3e8) * t)
    r, ranges, profile = range_profile(beat, fs, slope)
    assert abs(r - 10.0) < 0.2
    assert ranges.shape == profile.shape == (129,)
