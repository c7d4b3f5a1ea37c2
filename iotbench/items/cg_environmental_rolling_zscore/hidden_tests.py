import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import rolling_zscore_anomalies


def _oracle(x, w=20, thr=3.0):
    x = np.asarray(x, float)
    z = np.full(len(x), np.nan)
    for i in range(w, len(x)):
        h = x[i - w:i]
        m, s = h.mean(), h.std(ddof=1)
        if s == 0:
            z[i] = 0.0 if x[i] == m else np.copysign(np.inf, x[i] - m)
        else:
            z[i] = (x[i] - m) / s
    flags = np.zeros(len(x), bool)
    ok = ~np.isnan(z)
    flags[ok] = np.abs(z[ok]) > thr
    return z, flags


def _run(x, **kw):
    z, f = rolling_zscore_anomalies(np.asarray(x, float), **kw)
    z, f = np.asarray(z), np.asarray(f)
    assert z.dtype == np.float64 and f.dtype == bool
    assert z.shape == f.shape == (len(x),)
    return z, f


def test_hand_computed_window_three():
    # history [1, 3, 5]: mean 3, sample std 2
    z, f = _run([1.0, 3.0, 5.0, 9.0, 4.0], window=3, threshold=1.5)
    assert np.all(np.isnan(z[:3]))
    assert z[3] == pytest.approx(3.0, abs=1e-12)
    # history [3, 5, 9]: mean 17/3, std sqrt(28/3)
    assert z[4] == pytest.approx((4 - 17 / 3) / np.sqrt(28 / 3), abs=1e-12)
    assert f.tolist() == [False, False, False, True, False]


def test_threshold_is_strict():
    z, f = _run([1.0, 3.0, 5.0, 9.0, -3.0], window=3, threshold=3.0)
    assert z[3] == pytest.approx(3.0, abs=1e-12)
    assert not f[3]
    _, f2 = _run([1.0, 3.0, 5.0, 9.0], window=3, threshold=2.99)
    assert f2[3]


def test_spike_detected_with_defaults():
    rng = np.random.default_rng(7)
    x = 21.0 + 0.2 * rng.standard_normal(200)
    x[120] += 5.0
    x[160] -= 4.0
    z, f = _run(x)
    ez, ef = _oracle(x)
    np.testing.assert_allclose(z, ez, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert f.tolist() == ef.tolist()
    assert f[120] and f[160]
    assert np.all(np.isnan(z[:20])) and not np.isnan(z[20])


def test_default_threshold_and_list_input():
    # 20 samples alternating 10 and 12: mean 11, sample std sqrt(20/19)
    hist = [10.0, 12.0] * 10
    s = np.sqrt(20 / 19)
    z, f = rolling_zscore_anomalies(hist + [11.0 + 3.2 * s])
    z, f = np.asarray(z), np.asarray(f)
    assert z[20] == pytest.approx(3.2, abs=1e-9)
    assert f[20]
    z, f = rolling_zscore_anomalies(hist + [11.0 - 2.9 * s])
    assert np.asarray(z)[20] == pytest.approx(-2.9, abs=1e-9)
    assert not np.asarray(f)[20]


def test_constant_history():
    z, f = _run([2, 2, 2, 2, 3, 2], window=3)
    assert z[3] == 0.0 and not f[3]
    assert z[4] == np.inf and f[4]
    z, f = _run([5, 5, 5, 1], window=3, threshold=100.0)
    assert z[3] == -np.inf and f[3]


def test_short_series():
    z, f = _run([1.0, 2.0, 3.0], window=3)
    assert np.all(np.isnan(z)) and not f.any()
    z, f = _run([1.0, 2.0, 3.0, 4.0], window=3)
    assert z[3] == pytest.approx(2.0, abs=1e-12)
    z, f = _run([], window=2)
    assert z.shape == (0,)


def test_window_two():
    z, f = _run([0.0, 2.0, 4.0, 1.0], window=2, threshold=2.0)
    # history [0, 2]: mean 1, std sqrt(2)
    assert z[2] == pytest.approx(3 / np.sqrt(2), abs=1e-12)
    assert z[3] == pytest.approx((1 - 3) / np.sqrt(2), abs=1e-12)
    assert f.tolist() == [False, False, True, False]


@pytest.mark.parametrize("x, kw", [
    ([1.0, 2.0, np.nan, 4.0], {"window": 2}),
    ([1.0, 2.0, np.inf, 4.0], {"window": 2}),
    ([[1.0, 2.0], [3.0, 4.0]], {"window": 2}),
    ([1.0, 2.0, 3.0], {"window": 1}),
    ([1.0, 2.0, 3.0], {"window": 2, "threshold": 0.0}),
    ([1.0, 2.0, 3.0], {"window": 2, "threshold": -1.0}),
])
def test_invalid_raises(x, kw):
    with pytest.raises(ValueError):
        rolling_zscore_anomalies(np.array(x), **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.integers(-20, 20), min_size=0, max_size=40), st.integers(2, 6),
       st.floats(0.5, 4.0))
def test_matches_definition(values, window, thr):
    x = np.array(values, float)
    z, f = _run(x, window=window, threshold=thr)
    ez, ef = _oracle(x, window, thr)
    np.testing.assert_allclose(z, ez, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert f.tolist() == ef.tolist()
