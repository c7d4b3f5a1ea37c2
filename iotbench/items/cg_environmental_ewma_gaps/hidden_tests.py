import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import ewma_with_gaps

NAN = float("nan")


def _oracle(x, alpha=0.3, max_gap=3):
    out, s, miss = [], None, 0
    for v in x:
        if math.isfinite(v):
            miss = 0
            s = v if s is None else alpha * v + (1 - alpha) * s
            out.append(s)
        elif s is None:
            out.append(NAN)
        else:
            miss += 1
            if miss > max_gap:
                s = None
                out.append(NAN)
            else:
                out.append(s)
    return np.array(out, dtype=float)


def _run(x, **kw):
    out = np.asarray(ewma_with_gaps(np.asarray(x, float), **kw))
    assert out.dtype == np.float64 and out.shape == (len(x),)
    return out


def test_hand_computed_defaults():
    out = _run([10.0, 20.0, 20.0])
    np.testing.assert_allclose(out, [10.0, 13.0, 15.1], atol=1e-12)


def test_alpha_one_is_identity_on_valid_samples():
    out = _run([1.0, 5.0, NAN, 2.0], alpha=1.0)
    np.testing.assert_allclose(out, [1.0, 5.0, 5.0, 2.0], atol=1e-12)


def test_short_gap_is_held_then_continues():
    out = _run([10.0, NAN, NAN, NAN, 20.0], alpha=0.5, max_gap=3)
    np.testing.assert_allclose(out, [10.0, 10.0, 10.0, 10.0, 15.0], atol=1e-12)


def test_long_gap_resets():
    out = _run([10.0, NAN, NAN, NAN, NAN, NAN, 20.0, 30.0], alpha=0.5, max_gap=3)
    np.testing.assert_allclose(out[:4], [10.0, 10.0, 10.0, 10.0], atol=1e-12)
    assert np.isnan(out[4]) and np.isnan(out[5])
    np.testing.assert_allclose(out[6:], [20.0, 25.0], atol=1e-12)


def test_counter_resets_on_valid_sample():
    x = [1.0, NAN, NAN, 3.0, NAN, NAN, 5.0]
    out = _run(x, alpha=0.5, max_gap=2)
    np.testing.assert_allclose(out, [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.5], atol=1e-12)


def test_max_gap_zero_and_infinities():
    out = _run([4.0, np.inf, 8.0, 6.0], alpha=0.5, max_gap=0)
    assert out[0] == 4.0 and np.isnan(out[1])
    np.testing.assert_allclose(out[2:], [8.0, 7.0], atol=1e-12)
    out = _run([4.0, -np.inf, 8.0], alpha=0.5, max_gap=1)
    np.testing.assert_allclose(out, [4.0, 4.0, 6.0], atol=1e-12)


def test_leading_missing_and_default_gap():
    x = [NAN, NAN, 7.0, NAN, NAN, NAN, NAN, 9.0]
    out = _run(x)
    assert np.isnan(out[0]) and np.isnan(out[1])
    np.testing.assert_allclose(out[2:6], 7.0, atol=1e-12)
    assert np.isnan(out[6])
    assert out[7] == 9.0
    assert _run([]).shape == (0,)


def test_list_input():
    out = np.asarray(ewma_with_gaps([2.0, 4.0], alpha=0.25))
    np.testing.assert_allclose(out, [2.0, 2.5], atol=1e-12)


@pytest.mark.parametrize("x, kw", [
    (5.0, {}), ([[1.0]], {}), ([[1.0, 2.0]], {}), ([1.0], {"alpha": 0.0}), ([1.0], {"alpha": 1.2}),
    ([1.0], {"alpha": -0.5}), ([1.0], {"max_gap": -1}),
])
def test_invalid_raises(x, kw):
    with pytest.raises(ValueError):
        ewma_with_gaps(np.asarray(x, float), **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.floats(-50, 50), st.just(NAN)), max_size=40),
       st.floats(0.01, 1.0), st.integers(0, 4))
def test_matches_rules(x, alpha, max_gap):
    out = _run(x, alpha=alpha, max_gap=max_gap)
    np.testing.assert_allclose(out, _oracle(x, alpha, max_gap), atol=1e-9, equal_nan=True)
