import pytest

from candidate import hrv_time_domain


def test_regular_rhythm():
    m = hrv_time_domain([0, 250, 500, 750, 1000], 250.0)
    assert m["mean_rr_ms"] == pytest.approx(1000.0)
    assert m["mean_hr_bpm"] == pytest.approx(60.0)
    assert m["sdnn_ms"] == pytest.approx(0.0)
