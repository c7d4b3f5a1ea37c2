import math

import pytest
from hypothesis import given, settings, strategies as st

from candidate import rm_response_times


def oracle(tasks, blocking=None):
    ts = [(t[0], t[1], t[2] if len(t) == 3 else t[1]) for t in tasks]
    b = blocking or [0] * len(ts)
    out = []
    for i, (c, t, d) in enumerate(ts):
        hp = [ts[j] for j in range(len(ts)) if (ts[j][1], j) < (t, i)]
        r = b[i] + c + sum(x[0] for x in hp)
        res = None
        while r <= d:
            nxt = b[i] + c + sum(math.ceil(r / x[1]) * x[0] for x in hp)
            if nxt == r:
                res = r
                break
            r = nxt
        out.append(res)
    return out


def test_three_tasks_known_response_times():
    a = rm_response_times([(1, 4), (2, 6), (3, 12)])
    # task 3: 6 -> 7 -> 9 -> 10 -> 10
    assert list(a["response_times"]) == [1, 3, 10]
    assert bool(a["schedulable"]) is True
    assert a["utilization"] == pytest.approx(1 / 4 + 2 / 6 + 3 / 12)
    assert a["ll_bound"] == pytest.approx(3 * (2 ** (1 / 3) - 1))
    assert bool(a["ll_test"]) is False          # 0.833 > 0.780, yet schedulable


def test_unschedulable_task():
    a = rm_response_times([(1, 4), (2, 6), (3, 8)])
    # task 3: 6 -> 7 -> 9 > 8
    assert list(a["response_times"]) == [1, 3, None]
    assert bool(a["schedulable"]) is False


def test_input_order_and_equal_periods():
    a = rm_response_times([(3, 12), (2, 6), (1, 4)])
    assert list(a["response_times"]) == [10, 3, 1]
    a = rm_response_times([(2, 5), (2, 5)])       # equal periods: the first has priority
    assert list(a["response_times"]) == [2, 4]
    a = rm_response_times([(1, 5), (2, 5), (1, 10)])
    assert list(a["response_times"]) == [1, 3, 4]


def test_constrained_deadlines_and_start_value():
    a = rm_response_times([(1, 4), (2, 6, 3)])
    assert list(a["response_times"]) == [1, 3]    # exactly at the deadline is fine
    a = rm_response_times([(1, 4), (2, 6, 2)])    # start value 3 already exceeds 2
    assert list(a["response_times"]) == [1, None]
    a = rm_response_times([(5, 10, 4)])           # a single task longer than its deadline
    assert list(a["response_times"]) == [None] and bool(a["schedulable"]) is False


def test_blocking_times():
    a = rm_response_times([(1, 4), (2, 6), (3, 12)], blocking=[1, 1, 0])
    # task 1: 2; task 2: 1 + 2 + 1 = 4 -> 1 + 2 + ceil(4/4) = 4; task 3 unchanged
    assert list(a["response_times"]) == [2, 4, 10]
    a = rm_response_times([(1, 4), (2, 6), (3, 12)], blocking=[0, 0, 3])
    # task 3: 9 -> 3 + 3 + 3 + 4 = 13 > 12
    assert list(a["response_times"]) == [1, 3, None]
    a = rm_response_times([(1, 4), (2, 6)], blocking=[0, 2])
    # 5 -> 2 + 2 + ceil(5/4) * 1 = 6 -> 6: meets the deadline of 6
    assert list(a["response_times"]) == [1, 6]


def test_interference_needs_several_iterations():
    a = rm_response_times([(2, 7), (3, 11), (5, 30), (1, 40)])
    want = oracle([(2, 7), (3, 11), (5, 30), (1, 40)])
    assert list(a["response_times"]) == want
    # task 3: 10 -> 5 + 4 + 3 = 12 -> 5 + 4 + 6 = 15 -> 5 + 6 + 6 = 17 -> 17
    assert want[2] == 17


def test_float_parameters_and_bound():
    a = rm_response_times([(0.5, 2.0), (1.5, 5.0)])
    assert list(a["response_times"]) == [0.5, 2.0]   # start 2.0 -> 1.5 + ceil(2/2) * 0.5 = 2.0
    a = rm_response_times([(0.5, 2.0), (1.6, 5.0)])
    assert list(a["response_times"]) == [0.5, 2.6]   # 2.1 -> 1.6 + 2 * 0.5 = 2.6 -> 2.6
    a = rm_response_times([(0.5, 1.0), (0.25, 2.0, 0.75)])      # periods and deadlines below 1
    assert list(a["response_times"]) == [0.5, 0.75]
    a = rm_response_times([(0.5, 0.8, 0.6)])
    assert list(a["response_times"]) == [0.5]
    a = rm_response_times([(1.0, 3.0)])
    assert a["ll_bound"] == pytest.approx(1.0) and bool(a["ll_test"]) is True
    a = rm_response_times([(1.0, 4.0), (1.0, 4.0)])
    assert a["ll_bound"] == pytest.approx(2 * (math.sqrt(2) - 1))
    assert bool(a["ll_test"]) is True and a["utilization"] == pytest.approx(0.5)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(1, 6), st.integers(5, 40)), min_size=1, max_size=6),
       st.data())
def test_matches_definition(raw, data):
    tasks = [(min(c, t), t) for c, t in raw]
    blocking = data.draw(st.lists(st.integers(0, 3), min_size=len(tasks), max_size=len(tasks)))
    a = rm_response_times(tasks, blocking=blocking)
    want = oracle(tasks, blocking)
    assert list(a["response_times"]) == want
    assert bool(a["schedulable"]) == all(w is not None for w in want)
    u = sum(c / t for c, t in tasks)
    assert a["utilization"] == pytest.approx(u)
    n = len(tasks)
    assert bool(a["ll_test"]) == (u <= n * (2 ** (1 / n) - 1))


@pytest.mark.parametrize("tasks, blocking", [
    ([], None),
    ([(1,)], None),
    ([(1, 4, 4, 4)], None),
    ([(0, 4)], None),
    ([(1, 0)], None),
    ([(1, -4)], None),
    ([(1, 4, 0)], None),
    ([(1, 4, 5)], None),
    ([(1, 4), (1, 8)], [0]),
    ([(1, 4), (1, 8)], [0, -1]),
])
def test_invalid_input_raises(tasks, blocking):
    with pytest.raises(ValueError):
        rm_response_times(tasks, blocking=blocking)
