import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import cluster_points


def naive(points, eps, min_points):
    n = len(points)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if np.linalg.norm(points[i] - points[j]) <= eps:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
    roots = [find(i) for i in range(n)]
    labels = -np.ones(n, dtype=int)
    cents = []
    for r in sorted(set(roots)):
        members = [i for i in range(n) if roots[i] == r]
        if len(members) >= min_points:
            labels[members] = len(cents)
            cents.append(points[members].mean(axis=0))
    return labels, np.array(cents).reshape(len(cents), points.shape[1])


def test_two_people_and_noise_default_parameters():
    rng = np.random.default_rng(0)
    a = rng.normal([1.0, 2.0, 0.0], 0.1, size=(15, 3))
    b = rng.normal([3.0, 4.0, 0.0], 0.1, size=(10, 3))
    noise = np.array([[8.0, 8.0, 0.0], [-5.0, 1.0, 0.0]])
    pts = np.vstack([b[:3], a, noise, b[3:]])
    labels, cents = cluster_points(pts)
    assert labels.shape == (27,) and cents.shape == (2, 3)
    assert np.issubdtype(labels.dtype, np.integer)
    assert (labels[:3] == 0).all() and (labels[3:18] == 1).all()
    assert (labels[18:20] == -1).all() and (labels[20:] == 0).all()
    np.testing.assert_allclose(cents[0], b.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(cents[1], a.mean(axis=0), atol=1e-12)


def test_default_eps_and_min_points_boundaries():
    # three points 0.5 m apart in a chain: linked with the default eps, kept with min_points 3
    pts = np.array([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [5.0, 0.0], [5.52, 0.0], [6.04, 0.0]])
    labels, cents = cluster_points(pts)
    assert labels.tolist() == [0, 0, 0, -1, -1, -1]
    np.testing.assert_allclose(cents, [[0.5, 0.0]])
    labels, cents = cluster_points(pts[:2])
    assert labels.tolist() == [-1, -1] and cents.shape == (0, 2)


def test_chain_linkage_and_inclusive_threshold():
    pts = np.array([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [1.5, 0.0], [3.0, 0.0]])
    labels, cents = cluster_points(pts, eps=0.5, min_points=2)
    assert labels.tolist() == [0, 0, 0, 0, -1]
    np.testing.assert_allclose(cents, [[0.75, 0.0]])
    labels, _ = cluster_points(pts, eps=0.49, min_points=1)
    assert labels.tolist() == [0, 1, 2, 3, 4]


def test_min_points_boundary_and_relabelling():
    pts = np.array([[0, 0], [10, 10], [0, 0.1], [10, 10.1], [10, 10.2], [20, 20]], dtype=float)
    labels, cents = cluster_points(pts, eps=0.15, min_points=3)
    assert labels.tolist() == [-1, 0, -1, 0, 0, -1]
    np.testing.assert_allclose(cents, [[10.0, 10.1]])
    labels, cents = cluster_points(pts, eps=0.15, min_points=2)
    assert labels.tolist() == [0, 1, 0, 1, 1, -1]
    assert cents.shape == (2, 2)


def test_empty_and_no_clusters():
    labels, cents = cluster_points(np.zeros((0, 3)))
    assert labels.shape == (0,) and cents.shape == (0, 3)
    labels, cents = cluster_points(np.array([[0.0, 0.0], [5.0, 5.0]]), eps=1.0, min_points=3)
    assert labels.tolist() == [-1, -1] and cents.shape == (0, 2)


def test_single_point_cluster_with_min_points_one():
    labels, cents = cluster_points([[1.0, 2.0, 3.0]], eps=0.1, min_points=1)
    assert labels.tolist() == [0]
    np.testing.assert_allclose(cents, [[1.0, 2.0, 3.0]])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 40), d=st.integers(1, 3),
       eps=st.floats(0.1, 1.5), min_points=st.integers(1, 5))
def test_property_matches_union_find(seed, n, d, eps, min_points):
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 5, size=(n, d))
    labels, cents = cluster_points(pts, eps=eps, min_points=min_points)
    el, ec = naive(pts, eps, min_points)
    np.testing.assert_array_equal(labels, el)
    assert cents.shape == ec.shape
    np.testing.assert_allclose(cents, ec, atol=1e-12)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones(5),), {}), ((np.ones((2, 2, 2)),), {}), ((np.ones((4, 2)),), {"eps": 0.0}),
    ((np.ones((4, 2)),), {"eps": -1.0}), ((np.ones((4, 2)),), {"min_points": 0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        cluster_points(*args, **kwargs)
