import math

import pytest

from candidate import track_stats


def test_one_segment():
    s = track_stats([0.0, 0.0], [0.0, 0.01], [0.0, 100.0])
    d = 6371008.8 * math.radians(0.01)
    assert s["length_m"] == pytest.approx(d, rel=1e-6)
    assert s["mean_speed_mps"] == pytest.approx(d / 100.0, rel=1e-6)
