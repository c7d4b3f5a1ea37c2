import numpy as np

from candidate import interpolate_peak


def test_parabola():
    x = np.arange(7.0)
    pos, h = interpolate_peak(3.0 - (x - 2.25) ** 2)
    assert abs(pos - 2.25) < 1e-9 and abs(h - 3.0) < 1e-9
