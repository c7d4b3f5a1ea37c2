import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import douglas_peucker


def _oracle(p, eps):
    p = np.asarray(p, float)
    n = len(p)
    if n == 0:
        return []
    keep = {0, n - 1}

    def rec(i, j):
        if j <= i + 1:
            return
        a, b = p[i], p[j]
        best, bk = -1.0, None
        for k in range(i + 1, j):
            if np.allclose(a, b, rtol=0, atol=0):
                d = float(np.linalg.norm(p[k] - a))
            else:
                u, v = b - a, p[k] - a
                d = abs(u[0] * v[1] - u[1] * v[0]) / np.linalg.norm(u)
            if d > best:
                best, bk = d, k
        if best > eps:
            keep.add(bk)
            rec(i, bk)
            rec(bk, j)

    rec(0, n - 1)
    return sorted(keep)


def _run(p, eps):
    out = np.asarray(douglas_peucker(np.asarray(p, float).reshape(-1, 2), eps))
    assert out.ndim == 1
    assert out.size == 0 or np.issubdtype(out.dtype, np.integer)
    return out.tolist()


def test_straight_line_collapses():
    pts = [[0, 0], [1, 0.01], [2, -0.01], [3, 0.0], [4, 0.0]]
    assert _run(pts, 0.1) == [0, 4]


def test_hand_example():
    pts = [[0, 0], [1, 0.1], [2, -0.1], [3, 5.0], [4, 6.0], [5, 7.0], [6, 8.1], [7, 9.0],
           [8, 9.0], [9, 9.0]]
    assert _run(pts, 1.0) == _oracle(pts, 1.0)
    assert _run(pts, 0.0) == _oracle(pts, 0.0)
    assert _run(pts, 100.0) == [0, 9]
    assert _run(pts, 1.0) == [0, 2, 3, 7, 9]


def test_threshold_is_strict():
    pts = [[0, 0], [5, 2.0], [10, 0]]
    assert _run(pts, 2.0) == [0, 2]
    assert _run(pts, 1.999) == [0, 1, 2]


def test_distance_is_to_infinite_line_not_segment():
    # point 1 lies beyond the end of segment 0-2 but on its line
    pts = [[0, 0], [20, 0], [10, 0]]
    assert _run(pts, 1.0) == [0, 2]
    pts = [[0, 0], [20, 3], [10, 0]]
    assert _run(pts, 2.5) == [0, 1, 2]
    assert _run(pts, 3.0) == [0, 2]


def test_closed_loop_uses_point_distance():
    pts = [[0, 0], [3, 4], [6, 0], [0, 0]]
    assert _run(pts, 4.9) == _oracle(pts, 4.9) == [0, 2, 3]
    assert _run(pts, 6.0) == [0, 3]
    assert _run([[1, 1], [1, 1], [1, 1]], 0.0) == [0, 2]


def test_ties_take_first_index():
    pts = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0]]
    # points 1 and 3 have the same distance 1 to the x axis; the first is chosen
    assert _run(pts, 0.9) == [0, 1, 4]
    pts = [[0, 0], [1, 1], [2, 1], [3, 0]]
    assert _run(pts, 0.5) == [0, 1, 3]
    pts = [[0, 0], [1, 2], [2, 1.0], [3, 2], [4, 0]]
    assert _run(pts, 1.5) == _oracle(pts, 1.5) == [0, 1, 4]


def test_small_inputs():
    assert _run(np.zeros((0, 2)), 1.0) == []
    assert _run([[5, 5]], 1.0) == [0]
    assert _run([[5, 5], [6, 6]], 1.0) == [0, 1]


@pytest.mark.parametrize("pts, eps", [
    (np.zeros((3, 3)), 1.0), (np.zeros(4), 1.0), (np.zeros((3, 2)), -0.5),
])
def test_invalid_raises(pts, eps):
    with pytest.raises(ValueError):
        douglas_peucker(pts, eps)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=0, max_size=25),
       st.sampled_from([0.0, 0.5, 1.0, 2.5, 6.0]))
def test_matches_recursive_definition(pts, eps):
    p = np.array(pts, float).reshape(-1, 2)
    assert _run(p, eps) == _oracle(p, eps)
