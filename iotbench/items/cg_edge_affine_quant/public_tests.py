import numpy as np

from candidate import quantize_affine


def test_unsigned_quarter_steps():
    # lo = 0, hi = 63.75 -> scale = 0.25, zero point 0
    q, scale, zp = quantize_affine(np.array([0.0, 1.0, 63.75]), signed=False)
    assert scale == 0.25 and zp == 0
    assert q.tolist() == [0, 4, 255]
