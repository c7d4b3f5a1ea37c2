import numpy as np

from candidate import frame_rms


def test_constant_signal():
    r = frame_rms(np.full(4096, -0.5), frame_length=1024, hop_length=1024)
    assert r.shape == (4,)
    assert np.allclose(r, 0.5)
