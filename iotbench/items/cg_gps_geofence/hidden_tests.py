import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import points_in_polygon

SQUARE = [[0, 0], [4, 0], [4, 4], [0, 4]]


def _run(points, polygon):
    out = np.asarray(points_in_polygon(np.asarray(points, float).reshape(-1, 2),
                                       np.asarray(polygon, float)))
    assert out.dtype == bool
    return out.tolist()


def test_square_inside_outside():
    pts = [[2, 2], [5, 2], [-1, 2], [2, 5], [2, -1], [3.9, 0.1], [4.1, 3.9]]
    assert _run(pts, SQUARE) == [True, False, False, False, False, True, False]


def test_boundary_and_vertices_are_inside():
    pts = [[0, 0], [4, 4], [2, 0], [4, 2], [2, 4], [0, 2], [0, 4], [4, 0]]
    assert _run(pts, SQUARE) == [True] * 8
    # just outside the boundary
    assert _run([[4.000001, 2], [2, -0.000001]], SQUARE) == [False, False]


def test_closed_polygon_and_orientation():
    closed = SQUARE + [SQUARE[0]]
    pts = [[1, 1], [5, 5], [4, 1], [0, 0]]
    assert _run(pts, closed) == [True, False, True, True]
    assert _run(pts, closed[::-1]) == [True, False, True, True]


def test_concave_polygon():
    # a U-shape: the notch between x = 2 and x = 4 above y = 2 is outside
    u = [[0, 0], [6, 0], [6, 6], [4, 6], [4, 2], [2, 2], [2, 6], [0, 6]]
    pts = [[1, 5], [3, 4], [5, 5], [3, 1], [3, 2], [4, 4], [3, 6], [7, 1], [2, 2]]
    assert _run(pts, u) == [True, False, True, True, True, True, False, False, True]


def test_ray_through_vertices():
    diamond = [[2, 0], [4, 2], [2, 4], [0, 2]]
    pts = [[1, 2], [3, 2], [5, 2], [-1, 2], [2, 2], [2, 5], [2, -1], [3.5, 0.5]]
    assert _run(pts, diamond) == [True, True, False, False, True, False, False, False]
    # horizontal edges level with the point
    step = [[0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4]]
    pts = [[-1, 2], [1, 2], [3, 2], [5, 2], [3, 3], [1, 4], [-1, 0], [5, 0]]
    assert _run(pts, step) == [False, True, True, False, False, True, False, False]


def test_self_intersecting_even_odd():
    bowtie = [[0, 0], [4, 4], [4, 0], [0, 4]]
    pts = [[1, 2], [3, 2], [2, 1], [2, 3], [2, 2]]
    assert _run(pts, bowtie) == [True, True, False, False, True]
    # pentagram: the centre is covered twice -> outside under even-odd
    star = [[0, 10], [6, -8], [-9, 3], [9, 3], [-6, -8]]
    assert _run([[0, 0], [0, 9], [8, 2.5], [8, 3.5]], star) == [False, True, True, False]


def test_real_coordinates():
    fence = [[8.5400, 47.3700], [8.5500, 47.3700], [8.5500, 47.3800], [8.5400, 47.3800]]
    pts = [[8.5450, 47.3750], [8.5550, 47.3750], [8.5399, 47.3750]]
    assert _run(pts, fence) == [True, False, False]


def test_no_points():
    assert _run(np.zeros((0, 2)), SQUARE) == []


@pytest.mark.parametrize("pts, poly", [
    ([[1, 1]], [[0, 0], [1, 1]]),
    ([[1, 1]], [[0, 0], [1, 1], [0, 0]]),
    ([[1, 1, 1]], SQUARE),
    ([[1, 1]], [[0, 0, 0], [1, 0, 0], [1, 1, 0]]),
    ([1, 1], SQUARE),
])
def test_invalid_raises(pts, poly):
    with pytest.raises(ValueError):
        points_in_polygon(np.asarray(pts, float), np.asarray(poly, float))


def test_triangle_minimum():
    assert _run([[1, 1], [3, 3]], [[0, 0], [4, 0], [0, 4]]) == [True, False]
    assert _run([[1, 1], [2, 2]], [[0, 0], [4, 0], [0, 4], [0, 0]]) == [True, True]


def _winding_oracle(p, poly):
    # independent test via angle-sum (non-self-intersecting convex/concave polygons)
    x, y = p
    n = len(poly)
    for k in range(n):
        (ax, ay), (bx, by) = poly[k], poly[(k + 1) % n]
        if (bx - ax) * (y - ay) == (by - ay) * (x - ax) and min(ax, bx) <= x <= max(ax, bx) \
                and min(ay, by) <= y <= max(ay, by):
            return True
    total = 0.0
    for k in range(n):
        (ax, ay), (bx, by) = poly[k], poly[(k + 1) % n]
        a1, a2 = np.arctan2(ay - y, ax - x), np.arctan2(by - y, bx - x)
        d = a2 - a1
        d = (d + np.pi) % (2 * np.pi) - np.pi
        total += d
    return abs(total) > np.pi


L_SHAPE = [[0, 0], [8, 0], [8, 3], [3, 3], [3, 8], [0, 8]]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-2, 10), st.integers(-2, 10)), min_size=1, max_size=30))
def test_l_shape_matches_winding(pts):
    out = _run(pts, L_SHAPE)
    assert out == [_winding_oracle(p, L_SHAPE) for p in pts]
