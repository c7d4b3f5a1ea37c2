import math
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from candidate import edf_demand_test


def oracle(tasks):
    u = sum(Fraction(c, t) for c, t, _ in tasks)
    if u > 1:
        return False, None, 0
    horizon = math.lcm(*(t for _, t, _ in tasks)) + max(d for _, _, d in tasks)
    pts = sorted({d + m * t for _, t, d in tasks for m in range(horizon // t + 1)
                  if d + m * t <= horizon})
    for k, x in enumerate(pts, 1):
        dbf = sum(max(0, (x - d) // t + 1) * c for c, t, d in tasks)
        if dbf > x:
            return False, x, k
    return True, None, len(pts)


def test_implicit_deadlines_schedulable():
    r = edf_demand_test([(1, 4, 4), (2, 6, 6), (3, 8, 8)])
    assert bool(r["schedulable"]) is True and r["first_miss"] is None
    assert r["utilization"] == pytest.approx(23 / 24)
    # L = 24 + 8 = 32: points 4 6 8 12 16 18 20 24 28 30 32
    assert r["checked_points"] == 11


def test_miss_at_first_point():
    r = edf_demand_test([(2, 5, 3), (2, 5, 3)])
    assert bool(r["schedulable"]) is False
    assert r["first_miss"] == 3 and r["checked_points"] == 1   # dbf(3) = 4
    assert r["utilization"] == pytest.approx(0.8)


def test_miss_at_a_later_point():
    r = edf_demand_test([(1, 4, 2), (2, 6, 3), (3, 8, 5)])
    # dbf(2) = 1, dbf(3) = 3, dbf(5) = 6 > 5
    assert bool(r["schedulable"]) is False
    assert r["first_miss"] == 5 and r["checked_points"] == 3
    r = edf_demand_test([(1, 4, 2), (2, 6, 3), (2, 8, 5)])
    assert (bool(r["schedulable"]), r["first_miss"], r["checked_points"]) == oracle(
        [(1, 4, 2), (2, 6, 3), (2, 8, 5)])


def test_full_utilisation_is_exact():
    r = edf_demand_test([(1, 2, 2), (1, 2, 2)])       # U = 1: points 2 and 4 (L = 4)
    assert bool(r["schedulable"]) is True and r["checked_points"] == 2
    assert r["utilization"] == pytest.approx(1.0)
    # 0.1 + 0.2 + 0.7 exceeds 1 in floating point, but U is exactly 1
    r = edf_demand_test([(1, 10, 10), (2, 10, 10), (7, 10, 10)])
    assert bool(r["schedulable"]) is True and r["first_miss"] is None
    assert r["checked_points"] == 2                  # points 10 and 20 (L = 20)


def test_overload_returns_early():
    r = edf_demand_test([(2, 3, 3), (2, 4, 4)])
    assert bool(r["schedulable"]) is False and r["first_miss"] is None
    assert r["checked_points"] == 0
    assert r["utilization"] == pytest.approx(2 / 3 + 1 / 2)


def test_deadline_equal_to_demand_is_met():
    r = edf_demand_test([(3, 10, 3), (2, 10, 5)])     # dbf(3) = 3, dbf(5) = 5
    assert bool(r["schedulable"]) is True
    # L = 10 + 5 = 15: points 3, 5, 13, 15
    assert r["checked_points"] == 4
    r = edf_demand_test([(3, 10, 3), (3, 10, 5)])     # dbf(5) = 6 > 5
    assert r["first_miss"] == 5 and r["checked_points"] == 2


def test_single_task_and_duplicate_points():
    r = edf_demand_test([(1, 1, 1)])                  # U = 1, L = 2: points 1, 2
    assert bool(r["schedulable"]) is True and r["checked_points"] == 2
    r = edf_demand_test([(1, 6, 6), (1, 3, 3)])       # L = 12: 3 6 9 12 (6 and 12 shared)
    assert r["checked_points"] == 4
    r = edf_demand_test([(1, 5, 2)])                  # L = 7: points 2 and 7
    assert r["checked_points"] == 2 and bool(r["schedulable"]) is True


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from([4, 5, 6, 8, 10, 12]),
                          st.integers(1, 12)), min_size=1, max_size=4))
def test_matches_definition(raw):
    tasks = [(c, t, min(d, t)) for c, t, d in raw]
    tasks = [(min(c, d), t, d) for c, t, d in tasks]
    r = edf_demand_test(tasks)
    want = oracle(tasks)
    assert (bool(r["schedulable"]), r["first_miss"], r["checked_points"]) == want
    assert r["utilization"] == pytest.approx(float(sum(Fraction(c, t) for c, t, _ in tasks)))
    if all(d == t for _, t, d in tasks):
        assert bool(r["schedulable"]) == (sum(Fraction(c, t) for c, t, _ in tasks) <= 1)


@pytest.mark.parametrize("tasks", [
    [],
    [(1, 4)],
    [(1, 4, 4, 4)],
    [(0, 4, 4)],
    [(1, 0, 1)],
    [(1, 4, 0)],
    [(1, 4, 5)],
    [(1.0, 4, 4)],
    [(1, 4, 4.0)],
    [(True, 4, 4)],
])
def test_invalid_input_raises(tasks):
    with pytest.raises(ValueError):
        edf_demand_test(tasks)
