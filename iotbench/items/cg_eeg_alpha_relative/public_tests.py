import numpy as np

from candidate import relative_alpha


def test_pure_alpha():
    fs = 128.0
    t = np.arange(0, 4, 1 / fs)
    r = relative_alpha(20 * np.sin(2 * np.pi * 10 * t), fs)
    assert r.shape == (2,)
    assert np.allclose(r, 1.0)
