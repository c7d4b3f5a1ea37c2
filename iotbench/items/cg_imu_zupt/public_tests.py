import numpy as np

from candidate import detect_stance


def test_still_foot_is_stance():
    acc = np.tile([0.0, 0.0, 9.81], (50, 1))
    stance = detect_stance(acc, np.zeros((50, 3)), 100.0)
    assert stance.dtype == np.bool_ and stance.all()
