import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import trilaterate


def _oracle(a, r):
    a, r = np.asarray(a, float), np.asarray(r, float)
    A = 2 * (a[1:] - a[0])
    b = (np.sum(a[1:] ** 2, 1) - np.sum(a[0] ** 2)) - (r[1:] ** 2 - r[0] ** 2)
    return np.linalg.lstsq(A, b, rcond=None)[0]


def test_exact_2d_three_anchors():
    anchors = [[0.0, 0.0], [10.0, 0.0], [0.0, 8.0]]
    p = np.array([3.0, 4.0])
    r = [5.0, np.hypot(7.0, 4.0), np.hypot(3.0, 4.0)]
    out = np.asarray(trilaterate(anchors, r))
    assert out.shape == (2,)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, p, atol=1e-9)


def test_exact_3d_four_anchors():
    anchors = np.array([[0.0, 0.0, 3.0], [12.0, 0.0, 2.5], [0.0, 9.0, 2.0], [12.0, 9.0, 0.5]])
    p = np.array([4.0, 5.0, 1.2])
    r = np.linalg.norm(anchors - p, axis=1)
    out = np.asarray(trilaterate(anchors, r))
    assert out.shape == (3,)
    np.testing.assert_allclose(out, p, atol=1e-9)


def test_noisy_ranges_follow_first_anchor_linearisation():
    anchors = np.array([[0.0, 0.0], [20.0, 0.0], [20.0, 15.0], [0.0, 15.0], [10.0, 7.0]])
    p = np.array([6.0, 9.0])
    r = np.linalg.norm(anchors - p, axis=1) + np.array([0.8, -0.5, 1.1, -0.9, 0.3])
    out = np.asarray(trilaterate(anchors, r))
    np.testing.assert_allclose(out, _oracle(anchors, r), atol=1e-7)
    # another anchor as reference would give a visibly different answer here
    assert np.linalg.norm(out - _oracle(anchors[::-1], r[::-1])) > 1e-3


def test_noisy_3d_overdetermined():
    anchors = np.array([[0, 0, 0], [8, 0, 1], [0, 6, 2], [8, 6, 3], [4, 3, 5], [1, 5, 0.5]], float)
    p = np.array([3.0, 2.0, 1.0])
    r = np.linalg.norm(anchors - p, axis=1) + np.array([0.2, -0.3, 0.1, 0.4, -0.2, 0.3])
    np.testing.assert_allclose(np.asarray(trilaterate(anchors, r)), _oracle(anchors, r), atol=1e-7)


def test_zero_range_is_allowed():
    anchors = [[1.0, 1.0], [5.0, 1.0], [1.0, 4.0]]
    out = np.asarray(trilaterate(anchors, [0.0, 4.0, 3.0]))
    np.testing.assert_allclose(out, [1.0, 1.0], atol=1e-9)


@pytest.mark.parametrize("anchors, r", [
    ([[0, 0], [1, 1], [2, 2], [5, 5]], [1, 1, 1, 1]),             # collinear in 2-D
    ([[0, 0], [4, 0]], [2, 2]),                                   # too few in 2-D
    ([[0, 0, 0], [4, 0, 0], [0, 4, 0]], [1, 2, 3]),               # too few in 3-D
    ([[0, 0, 1], [4, 0, 1], [0, 4, 1], [4, 4, 1]], [1, 2, 3, 4]),  # coplanar in 3-D
    ([[0, 0], [4, 0], [0, 4]], [1, 2]),                           # length mismatch
    ([[0, 0], [4, 0], [0, 4]], [1, -0.5, 3]),                     # negative range
    ([[0, 0], [4, 0], [0, 4]], [1, np.nan, 3]),                   # NaN range
    ([[0, 0], [4, np.inf], [0, 4]], [1, 2, 3]),                   # infinite anchor
    ([[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], [1, 1, 1, 1, 1]),
    ([0.0, 1.0, 2.0], [1, 1, 1]),                                 # 1-D anchors
])
def test_invalid_input_raises(anchors, r):
    with pytest.raises(ValueError):
        trilaterate(np.array(anchors, float), np.array(r, float))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.floats(-30, 30), st.floats(-30, 30)), min_size=3, max_size=7),
       st.tuples(st.floats(-20, 20), st.floats(-20, 20)))
def test_exact_ranges_recover_position_2d(anchor_list, point):
    anchors = np.array(anchor_list)
    diff = anchors[1:] - anchors[0]
    if np.linalg.svd(diff, compute_uv=False).min() < 1.0:
        return  # skip badly conditioned geometry
    p = np.array(point)
    r = np.linalg.norm(anchors - p, axis=1)
    np.testing.assert_allclose(np.asarray(trilaterate(anchors, r)), p, atol=1e-6)
