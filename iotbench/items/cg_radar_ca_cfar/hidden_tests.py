import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import ca_cfar


def naive(p, t, g, pfa):
    n = len(p)
    N = 2 * t
    alpha = N * (pfa ** (-1 / N) - 1)
    thr = np.full(n, np.nan)
    det = np.zeros(n, bool)
    for i in range(n):
        if i - g - t < 0 or i + g + t > n - 1:
            continue
        cells = list(p[i - g - t:i - g]) + list(p[i + g + 1:i + g + t + 1])
        assert len(cells) == N
        thr[i] = alpha * np.mean(cells)
        det[i] = p[i] > thr[i]
    return det, thr


def test_targets_in_exponential_noise_default_parameters():
    rng = np.random.default_rng(0)
    p = rng.exponential(1.0, size=256)
    p[[60, 61, 150, 200]] += [80.0, 5.0, 120.0, 60.0]
    det, thr = ca_cfar(p)
    assert det.dtype == np.bool_ and thr.dtype == np.float64 and det.shape == (256,)
    assert det[60] and det[150] and det[200]
    assert det.sum() <= 6
    ed, et = naive(p, 8, 2, 1e-3)
    np.testing.assert_array_equal(det, ed)
    np.testing.assert_allclose(thr, et, rtol=1e-10, equal_nan=True)


def test_edges_not_tested():
    p = np.ones(30)
    p[0] = p[29] = 1000.0
    det, thr = ca_cfar(p, num_train=4, num_guard=1)
    assert np.isnan(thr[:5]).all() and np.isnan(thr[25:]).all()
    assert not np.isnan(thr[5:25]).any()
    assert not det[0] and not det[29]


def test_known_threshold_value():
    # num_train=2, num_guard=1, pfa=0.25 -> N=4, alpha = 4 * (0.25**-0.25 - 1)
    p = np.array([1.0, 2.0, 9.0, 50.0, 7.0, 3.0, 5.0])
    det, thr = ca_cfar(p, num_train=2, num_guard=1, pfa=0.25)
    alpha = 4 * (0.25 ** -0.25 - 1)
    assert thr[3] == pytest.approx(alpha * (1 + 2 + 3 + 5) / 4, rel=1e-12)
    assert np.isnan(thr[[0, 1, 2, 4, 5, 6]]).all()
    assert det.tolist() == [False, False, False, True, False, False, False]


def test_strict_comparison_and_guard_cells_exclude_target_spread():
    # all-zero training cells give a threshold of exactly 0: a zero cell is not a detection
    det, thr = ca_cfar(np.zeros(5), num_train=1, num_guard=1, pfa=0.5)
    assert thr[2] == 0.0 and not det.any()
    det, _ = ca_cfar(np.array([0.0, 0.0, 1e-12, 0.0, 0.0]), num_train=1, num_guard=1, pfa=0.5)
    assert det.tolist() == [False, False, True, False, False]
    # guard cells absorb a target's spread: training cells stay clean
    q = np.array([1.0, 1.0, 1.0, 40.0, 100.0, 40.0, 1.0, 1.0, 1.0])
    det, thr = ca_cfar(q, num_train=3, num_guard=1, pfa=1e-2)
    assert det[4] and thr[4] == pytest.approx(6 * (1e-2 ** (-1 / 6) - 1), rel=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 60), t=st.integers(1, 6), g=st.integers(0, 4),
       pfa=st.sampled_from([1e-1, 1e-2, 1e-3, 1e-5]))
def test_property_matches_naive(seed, n, t, g, pfa):
    rng = np.random.default_rng(seed)
    p = rng.exponential(1.0, size=n) * rng.choice([1, 1, 1, 30], size=n)
    det, thr = ca_cfar(p, num_train=t, num_guard=g, pfa=pfa)
    ed, et = naive(p, t, g, pfa)
    assert det.shape == (n,) and thr.shape == (n,)
    np.testing.assert_array_equal(det, ed)
    np.testing.assert_allclose(thr, et, rtol=1e-9, equal_nan=True)


def test_zero_guard_cells_allowed():
    p = np.array([2.0, 4.0, 100.0, 6.0, 8.0])
    det, thr = ca_cfar(p, num_train=2, num_guard=0, pfa=0.1)
    assert thr[2] == pytest.approx(4 * (0.1 ** -0.25 - 1) * 5.0)
    assert det[2]


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((4, 4)),), {}),
    ((np.ones(50),), {"num_train": 0}),
    ((np.ones(50),), {"num_guard": -1}),
    ((np.ones(50),), {"pfa": 0.0}),
    ((np.ones(50),), {"pfa": 1.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        ca_cfar(*args, **kwargs)
