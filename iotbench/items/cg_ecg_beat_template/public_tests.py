import numpy as np

from candidate import beat_templates


def test_identical_beats():
    fs = 100.0
    beat = np.r_[np.zeros(20), np.hanning(11), np.zeros(39)]
    x = np.tile(beat, 5)
    out = beat_templates(x, fs, [25 + 70 * k for k in range(5)], pre_s=0.2, post_s=0.45)
    assert out["beats"].shape == (5, 65)
    assert np.allclose(out["correlation"], 1.0)
