import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import pre_emphasis


def test_known_values_default_coefficient():
    y = pre_emphasis(np.array([1.0, 2.0, 3.0, 0.0]))
    np.testing.assert_allclose(y, [1.0, 2.0 - 0.97, 3.0 - 1.94, -2.91], rtol=1e-12)
    assert y.dtype == np.float64


def test_two_dimensional_rows_are_channels():
    x = np.array([[1.0, 1.0, 1.0], [0.0, 2.0, 4.0]])
    y = pre_emphasis(x, coefficient=0.5)
    np.testing.assert_allclose(y, [[1.0, 0.5, 0.5], [0.0, 2.0, 3.0]])


def test_zero_coefficient_is_identity_and_first_sample_kept():
    x = np.array([0.3, -0.2, 0.9])
    np.testing.assert_array_equal(pre_emphasis(x, 0.0), x)
    assert pre_emphasis(x, 0.9)[0] == 0.3


def test_frequency_response_boosts_high_frequencies():
    n = np.arange(4000)
    low = np.sin(2 * np.pi * 0.005 * n)
    high = np.sin(2 * np.pi * 0.45 * n)
    gl = np.std(pre_emphasis(low)[10:]) / np.std(low[10:])
    gh = np.std(pre_emphasis(high)[10:]) / np.std(high[10:])
    # |H(f)| = |1 - a e^{-j 2 pi f}|
    assert gl == pytest.approx(abs(1 - 0.97 * np.exp(-2j * np.pi * 0.005)), rel=0.02)
    assert gh == pytest.approx(abs(1 - 0.97 * np.exp(-2j * np.pi * 0.45)), rel=0.02)


def test_empty_and_single_sample():
    assert pre_emphasis(np.array([])).shape == (0,)
    assert pre_emphasis(np.zeros((2, 0))).shape == (2, 0)
    assert pre_emphasis(np.array([5.0])).tolist() == [5.0]
    assert pre_emphasis([1, 2]).tolist() == pytest.approx([1.0, 2 - 0.97])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 50), ch=st.integers(0, 3), a=st.floats(0, 0.999))
def test_property_matches_difference_equation(seed, n, ch, a):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(ch, n)) if ch else rng.normal(size=n)
    y = pre_emphasis(x, coefficient=a)
    rows = np.atleast_2d(x) if ch else x[None, :]
    exp = np.array([[r[i] - (a * r[i - 1] if i else 0.0) for i in range(n)] for r in rows]).reshape(x.shape)
    assert y.shape == x.shape
    np.testing.assert_allclose(y, exp, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("args", [
    (np.ones((2, 2, 2)),), (np.ones(5), 1.0), (np.ones(5), -0.1), (np.ones(5), 1.5),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        pre_emphasis(*args)
