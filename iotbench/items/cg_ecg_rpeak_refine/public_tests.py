import numpy as np

from candidate import refine_r_peaks


def test_moves_to_the_maximum():
    x = np.zeros(1000)
    x[300] = 1.0
    x[700] = 1.2
    out = refine_r_peaks(x, 250.0, [290, 712])
    assert out.tolist() == [300, 700]
