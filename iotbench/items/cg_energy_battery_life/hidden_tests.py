import math

import pytest
from hypothesis import given, settings, strategies as st

from candidate import battery_life_days


def test_sensor_node_known_values():
    # 2 s at 25 mA (measure + LoRa TX) then 58 s asleep at 10 uA
    est = battery_life_days(2400.0, [(25.0, 2.0), (0.01, 58.0)])
    assert est["avg_current_ma"] == pytest.approx(50.58 / 60, rel=1e-12)
    # 2400 * 0.8 / 0.843 mA = 2277.58 h = 94.90 days
    assert est["life_days"] == pytest.approx(1920 / (50.58 / 60) / 24, rel=1e-12)
    assert est["life_days"] == pytest.approx(94.90, abs=0.01)
    assert est["charge_per_cycle_mah"] == pytest.approx(50.58 / 3600, rel=1e-12)


def test_self_discharge_adds_equivalent_current():
    # 1000 mAh, 3 %/month -> 30 mAh per 720 h = 0.041667 mA
    est = battery_life_days(1000.0, [(1.0, 1.0)], usable_fraction=1.0,
                            self_discharge_pct_per_month=3.0)
    assert est["avg_current_ma"] == pytest.approx(1.0 + 30 / 720, rel=1e-12)
    assert est["life_days"] == pytest.approx(1000 / (1.0 + 30 / 720) / 24, rel=1e-12)
    assert est["charge_per_cycle_mah"] == pytest.approx(1 / 3600, rel=1e-12)


def test_usable_fraction_scales_life():
    phases = [(5.0, 10.0), (0.002, 290.0), (12.0, 0.5)]
    full = battery_life_days(220.0, phases, usable_fraction=1.0)["life_days"]
    part = battery_life_days(220.0, phases, usable_fraction=0.6)["life_days"]
    assert part == pytest.approx(0.6 * full, rel=1e-12)
    i = (50.0 + 0.58 + 6.0) / 300.5
    assert full == pytest.approx(220 / i / 24, rel=1e-12)
    default = battery_life_days(220.0, phases)["life_days"]
    assert default == pytest.approx(0.8 * full, rel=1e-12)


def test_zero_current_and_zero_length_phases():
    est = battery_life_days(500.0, [(0.0, 10.0)])
    assert est["avg_current_ma"] == 0.0 and math.isinf(est["life_days"])
    assert est["charge_per_cycle_mah"] == 0.0
    est = battery_life_days(500.0, [(0.0, 10.0)], self_discharge_pct_per_month=2.0)
    assert est["avg_current_ma"] == pytest.approx(500 * 0.02 / 720)
    assert est["life_days"] == pytest.approx(0.8 * 720 / 0.02 / 24)
    # a phase of zero duration contributes nothing, however large its current
    a = battery_life_days(500.0, [(3.0, 4.0), (1000.0, 0.0)])
    b = battery_life_days(500.0, [(3.0, 4.0)])
    assert a == pytest.approx(b)
    assert a["avg_current_ma"] == pytest.approx(3.0)


def test_small_capacity():
    est = battery_life_days(0.5, [(0.001, 1.0)], usable_fraction=1.0)   # 0.5 mAh at 1 uA
    assert est["life_days"] == pytest.approx(500 / 24)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(cap=st.floats(10, 10_000), frac=st.floats(0.05, 1.0), sd=st.floats(0, 5),
       phases=st.lists(st.tuples(st.floats(0, 200), st.floats(0.001, 3600)), min_size=1,
                       max_size=5))
def test_matches_definition(cap, frac, sd, phases):
    est = battery_life_days(cap, phases, usable_fraction=frac, self_discharge_pct_per_month=sd)
    q = sum(i * t for i, t in phases)
    avg = q / sum(t for _, t in phases) + cap * sd / 100 / 720
    assert est["avg_current_ma"] == pytest.approx(avg, rel=1e-9, abs=1e-15)
    assert est["charge_per_cycle_mah"] == pytest.approx(q / 3600, rel=1e-9, abs=1e-15)
    if avg > 0:
        assert est["life_days"] == pytest.approx(cap * frac / avg / 24, rel=1e-9)
    # repeating the cycle twice changes nothing but the charge per cycle
    twice = battery_life_days(cap, phases * 2, usable_fraction=frac,
                              self_discharge_pct_per_month=sd)
    assert twice["life_days"] == pytest.approx(est["life_days"], rel=1e-9)


@pytest.mark.parametrize("args, kwargs", [
    ((1000.0, []), {}),
    ((0.0, [(1.0, 1.0)]), {}),
    ((-5.0, [(1.0, 1.0)]), {}),
    ((1000.0, [(-1.0, 1.0)]), {}),
    ((1000.0, [(1.0, -1.0), (1.0, 5.0)]), {}),
    ((1000.0, [(1.0, 0.0), (2.0, 0.0)]), {}),
    ((1000.0, [(1.0, 1.0)]), {"usable_fraction": 0.0}),
    ((1000.0, [(1.0, 1.0)]), {"usable_fraction": 1.2}),
    ((1000.0, [(1.0, 1.0)]), {"usable_fraction": 1.05}),
    ((1000.0, [(1.0, 1.0)]), {"self_discharge_pct_per_month": -0.1}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        battery_life_days(*args, **kwargs)
