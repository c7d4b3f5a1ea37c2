import numpy as np

from candidate import zero_crossing_rate


def test_alternating_signal():
    x = np.tile([0.5, -0.5], 8)
    z = zero_crossing_rate(x, frame_length=4, hop_length=4)
    assert z.shape == (4,) and np.allclose(z, 1.0)
