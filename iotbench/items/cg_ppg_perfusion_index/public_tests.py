import numpy as np

from candidate import perfusion_index


def test_two_percent():
    x = np.array([99.0, 101.0, 100.0, 100.0] * 2)
    pi, low = perfusion_index(x, 1.0, window_s=4.0)
    assert np.allclose(pi, [2.0, 2.0])
    assert low.tolist() == [False, False]
