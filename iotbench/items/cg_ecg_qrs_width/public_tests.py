import numpy as np
import pytest

from candidate import qrs_width


def test_triangle_width():
    fs = 100.0
    x = np.zeros(100)
    x[45:56] = 10 - 2 * np.abs(np.arange(-5, 6))     # triangle, peak 10 at index 50
    w = qrs_width(x, fs, [50])
    assert w.shape == (1,)
    assert w[0] == pytest.approx(50.0)                # half amplitude reached at +/- 2.5 samples
