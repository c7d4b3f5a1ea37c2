import pytest

from candidate import plan_sleep


def test_short_and_long_gap():
    plan = plan_sleep([0.1, 10.0], 5.0, 0.0, 1.0, 0.0)   # break-even 0.2 s
    assert list(plan["sleep"]) == [False, True]
    assert plan["energy_mj"] == pytest.approx(0.5 + 1.0)
    assert plan["break_even_s"] == pytest.approx(0.2)
