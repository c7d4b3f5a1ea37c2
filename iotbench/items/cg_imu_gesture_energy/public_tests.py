import numpy as np
import pytest

from candidate import gesture_energy


def test_still_segment():
    f = gesture_energy(np.tile([0.0, 0.0, 9.81], (100, 1)), 50.0)
    assert f["duration_s"] == pytest.approx(2.0)
    assert f["energy"] == pytest.approx(0.0) and f["jerk_rms"] == pytest.approx(0.0)
