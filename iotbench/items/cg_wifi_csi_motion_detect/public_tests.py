import numpy as np

from candidate import detect_motion


def test_two_windows():
    x = np.r_[np.zeros(50), np.tile([0.0, 2.0], 25)]
    scores, motion = detect_motion(x, threshold=0.5)
    assert np.allclose(scores, [0.0, 1.0])
    assert motion.tolist() == [False, True]
