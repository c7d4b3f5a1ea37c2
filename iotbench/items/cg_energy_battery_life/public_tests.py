import pytest

from candidate import battery_life_days


def test_one_ma_average():
    # 1 s at 10 mA every 10 s -> 1 mA average; 1000 mAh * 0.8 / 1 mA = 800 h
    est = battery_life_days(1000.0, [(10.0, 1.0), (0.0, 9.0)])
    assert est["avg_current_ma"] == pytest.approx(1.0)
    assert est["life_days"] == pytest.approx(800 / 24)
