import numpy as np

from candidate import quantize_per_channel


def test_two_channels():
    w = np.array([[1.984375, -0.9921875], [0.0, 0.0]])   # scale 1/64
    q, scales, _errors = quantize_per_channel(w)
    assert q.tolist() == [[127, -64], [0, 0]]     # -63.5 rounds to the even -64
    assert np.allclose(scales, [1 / 64, 1.0])
