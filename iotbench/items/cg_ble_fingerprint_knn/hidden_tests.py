import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import knn_locate

FP = np.array([
    [-50.0, -70.0, -80.0],
    [-60.0, -60.0, -80.0],
    [-70.0, -50.0, -75.0],
    [-80.0, -65.0, -55.0],
    [-75.0, -80.0, -60.0],
])
POS = np.array([[0.0, 0.0], [5.0, 0.0], [10.0, 0.0], [10.0, 8.0], [0.0, 8.0]])


def _oracle(fp, pos, q, k=3, miss=-100.0, weighted=True):
    fp = np.where(np.isnan(fp), miss, fp)
    q = np.where(np.isnan(q), miss, q)
    d = np.linalg.norm(fp - q, axis=1)
    idx = sorted(range(len(d)), key=lambda i: (d[i], i))[:k]
    d, p = d[idx], pos[idx]
    if not weighted:
        return p.mean(0)
    if np.any(d == 0):
        return p[d == 0].mean(0)
    return (p / d[:, None]).sum(0) / (1 / d).sum()


def test_hand_computed_weighted_k2():
    q = np.array([-55.0, -65.0, -80.0])
    # distances: row0 sqrt(50), row1 sqrt(50), others larger -> equal weights
    out = np.asarray(knn_locate(FP, POS, q, k=2))
    assert out.shape == (2,) and out.dtype == np.float64
    np.testing.assert_allclose(out, [2.5, 0.0], atol=1e-9)


def test_inverse_distance_weights():
    q = np.array([-52.0, -68.0, -80.0])
    d0, d1 = np.sqrt(8.0), np.sqrt(128.0)
    expected = np.array([(0.0 / d0 + 5.0 / d1) / (1 / d0 + 1 / d1), 0.0])
    np.testing.assert_allclose(np.asarray(knn_locate(FP, POS, q, k=2)), expected, atol=1e-9)


def test_default_k_and_unweighted():
    q = np.array([-72.0, -60.0, -62.0])
    np.testing.assert_allclose(np.asarray(knn_locate(FP, POS, q)), _oracle(FP, POS, q), atol=1e-9)
    np.testing.assert_allclose(np.asarray(knn_locate(FP, POS, q, weighted=False)),
                               _oracle(FP, POS, q, weighted=False), atol=1e-9)
    np.testing.assert_allclose(np.asarray(knn_locate(FP, POS, q, k=4, weighted=False)),
                               _oracle(FP, POS, q, k=4, weighted=False), atol=1e-9)


def test_exact_match_returns_that_position():
    q = FP[3].copy()
    np.testing.assert_allclose(np.asarray(knn_locate(FP, POS, q, k=3)), POS[3], atol=1e-9)
    fp = np.vstack([FP, FP[3]])
    pos = np.vstack([POS, [12.0, 10.0]])
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=4)), [11.0, 9.0], atol=1e-9)


def test_missing_values_use_floor():
    fp = np.array([[-60.0, np.nan], [-60.0, -70.0], [np.nan, -70.0]])
    pos = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    q = np.array([-60.0, np.nan])
    # with the default floor the query equals row 0 exactly
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=2)), [0.0, 0.0], atol=1e-9)
    # with a floor of -70 the query equals row 1 too (row 0 also exact) -> mean of both
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=2, missing_dbm=-70.0)),
                               [2.0, 0.0], atol=1e-9)
    fp3 = np.array([[-60.0, -95.0], [-60.0, -40.0]])
    pos3 = np.array([[0.0, 0.0], [13.0, 0.0]])
    # default floor -100: distances 5 and 60 -> weights 1/5 and 1/60
    np.testing.assert_allclose(np.asarray(knn_locate(fp3, pos3, q, k=2)), [1.0, 0.0], atol=1e-9)
    q2 = np.array([-65.0, np.nan])
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q2, k=3, missing_dbm=-90.0)),
                               _oracle(fp, pos, q2, 3, -90.0), atol=1e-9)


def test_ties_prefer_lower_index_and_k_larger_than_m():
    fp = np.array([[-70.0], [-50.0], [-70.0], [-50.0]])
    pos = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0], [4.0, 0.0]])
    q = np.array([-60.0])
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=1)), [1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=3)), [2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(np.asarray(knn_locate(fp, pos, q, k=10)), [2.5, 0.0], atol=1e-9)


@pytest.mark.parametrize("fp, pos, q, k", [
    (FP, POS, [-50.0, -60.0, -70.0], 0),
    (FP, POS, [-50.0, -60.0], 3),
    (FP, POS[:4], [-50.0, -60.0, -70.0], 3),
    (FP[0], POS, [-50.0, -60.0, -70.0], 3),
    (FP, POS[:, 0], [-50.0, -60.0, -70.0], 3),
])
def test_invalid_raises(fp, pos, q, k):
    with pytest.raises(ValueError):
        knn_locate(np.asarray(fp), np.asarray(pos), np.asarray(q), k=k)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.floats(-95, -40), min_size=3, max_size=3), st.integers(1, 6), st.booleans())
def test_matches_oracle(q, k, weighted):
    q = np.array(q)
    out = np.asarray(knn_locate(FP, POS, q, k=k, weighted=weighted))
    np.testing.assert_allclose(out, _oracle(FP, POS, q, k=k, weighted=weighted), atol=1e-7)
