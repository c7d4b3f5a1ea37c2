import numpy as np
import pytest

from candidate import pulse_transit_times


def test_single_step():
    x = np.r_[np.zeros(30), np.ones(30)]     # the only rise is d[29]
    ptt, mean = pulse_transit_times([5], x, 100.0)
    assert ptt.tolist() == [pytest.approx(0.24)]
    assert mean == pytest.approx(0.24)
