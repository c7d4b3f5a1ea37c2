import pytest
from hypothesis import given, settings, strategies as st

from candidate import plan_sleep


def oracle(gaps, pi, ps, e, t):
    sleep, total = [], 0.0
    for g in gaps:
        ei = pi * g
        es = e + ps * (g - t) if g >= t else None
        s = es is not None and es < ei
        sleep.append(s)
        total += es if s else ei
    return sleep, total, sum(pi * g for g in gaps), max(t, (e - ps * t) / (pi - ps))


def test_mcu_gaps_known_values():
    plan = plan_sleep([0.01, 0.1, 0.2, 0.25, 1.0, 5.0], 10.0, 0.5, 2.0, 0.05)
    # 0.01 is shorter than the transition; 0.1 and 0.2 idle (1.0 < 2.025, 2.0 < 2.075);
    # 0.25: 2.1 < 2.5 sleep; 1.0: 2.475 < 10; 5.0: 4.475 < 50
    assert list(plan["sleep"]) == [False, False, False, True, True, True]
    assert plan["energy_mj"] == pytest.approx(0.1 + 1.0 + 2.0 + 2.1 + 2.475 + 4.475)
    assert plan["idle_only_mj"] == pytest.approx(65.6)
    assert plan["saved_mj"] == pytest.approx(65.6 - 12.15)
    assert plan["break_even_s"] == pytest.approx(1.975 / 9.5)


def test_tie_stays_idle():
    plan = plan_sleep([0.5, 0.5000001, 0.4999999], 4.0, 0.0, 2.0, 0.1)
    # at exactly 0.5 s both modes cost 2.0 mJ -> stay idle
    assert list(plan["sleep"]) == [False, True, False]
    assert plan["break_even_s"] == pytest.approx(0.5)
    assert plan["energy_mj"] == pytest.approx(2.0 + 2.0 + 4 * 0.4999999)


def test_transition_time_limits_sleep():
    plan = plan_sleep([0.49, 0.5, 0.8], 10.0, 1.0, 0.1, 0.5)
    # cheap transition but it takes 0.5 s: 0.49 cannot sleep; 0.5 can (0.1 < 5.0)
    assert list(plan["sleep"]) == [False, True, True]
    assert plan["break_even_s"] == pytest.approx(0.5)     # (0.1 - 0.5) / 9 < 0.5
    assert plan["energy_mj"] == pytest.approx(4.9 + 0.1 + 0.1 + 0.3)
    assert plan["idle_only_mj"] == pytest.approx(17.9)


def test_free_instant_transitions():
    plan = plan_sleep([0.0, 0.3, 2.0], 3.0, 1.0, 0.0, 0.0)
    # a zero gap costs nothing either way (tie -> idle); otherwise sleep always wins
    assert list(plan["sleep"]) == [False, True, True]
    assert plan["energy_mj"] == pytest.approx(2.3)
    assert plan["saved_mj"] == pytest.approx(6.9 - 2.3)
    assert plan["break_even_s"] == 0.0


def test_empty_gaps():
    plan = plan_sleep([], 5.0, 0.1, 1.0, 0.01)
    assert list(plan["sleep"]) == []
    assert plan["energy_mj"] == 0.0 and plan["idle_only_mj"] == 0.0 and plan["saved_mj"] == 0.0
    assert plan["break_even_s"] == pytest.approx((1.0 - 0.001) / 4.9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(gaps=st.lists(st.floats(0, 20), max_size=12), pi=st.floats(1, 50), frac=st.floats(0, 0.9),
       e=st.floats(0, 20), t=st.floats(0, 2))
def test_matches_definition(gaps, pi, frac, e, t):
    ps = pi * frac
    plan = plan_sleep(gaps, pi, ps, e, t)
    sleep, total, idle, be = oracle(gaps, pi, ps, e, t)
    assert list(plan["sleep"]) == sleep
    assert plan["energy_mj"] == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert plan["idle_only_mj"] == pytest.approx(idle, rel=1e-9, abs=1e-12)
    assert plan["saved_mj"] == pytest.approx(idle - total, rel=1e-9, abs=1e-9)
    assert plan["break_even_s"] == pytest.approx(be, rel=1e-12)
    assert plan["energy_mj"] <= plan["idle_only_mj"] + 1e-9
    # gaps clearly longer than the break-even time always sleep
    for g, s in zip(gaps, plan["sleep"], strict=True):
        if g > be * 1.001 + 1e-9:
            assert s


@pytest.mark.parametrize("args", [
    ([1.0, -0.1], 10.0, 1.0, 1.0, 0.1),
    ([1.0], 10.0, -1.0, 1.0, 0.1),
    ([1.0], 10.0, 10.0, 1.0, 0.1),
    ([1.0], 10.0, 12.0, 1.0, 0.1),
    ([1.0], 10.0, 1.0, -1.0, 0.1),
    ([1.0], 10.0, 1.0, 1.0, -0.1),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        plan_sleep(*args)
