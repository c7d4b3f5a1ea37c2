import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import conjugate_multiply


def test_known_small_example_without_static_removal():
    a = np.array([1 + 1j, 2 - 1j, -3j])
    b = np.array([1j, 1 + 1j, 2])
    out = conjugate_multiply(a, b, remove_static=False)
    np.testing.assert_allclose(out, [1 - 1j, 0.5 * (2 - 1j) * (1 - 1j) * 2, -6j])
    assert out.dtype == np.complex128


def test_default_removes_time_mean_per_subcarrier():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(40, 5)) + 1j * rng.normal(size=(40, 5))
    b = rng.normal(size=(40, 5)) + 1j * rng.normal(size=(40, 5))
    out = conjugate_multiply(a, b)
    p = a * np.conj(b)
    np.testing.assert_allclose(out, p - p.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)


def test_random_common_phase_offset_cancels():
    rng = np.random.default_rng(1)
    T, S = 50, 30
    ha = rng.normal(size=(T, S)) + 1j * rng.normal(size=(T, S))
    hb = rng.normal(size=(T, S)) + 1j * rng.normal(size=(T, S))
    offset = np.exp(1j * rng.uniform(-np.pi, np.pi, size=(T, 1)))
    clean = conjugate_multiply(ha, hb, remove_static=False)
    dirty = conjugate_multiply(ha * offset, hb * offset, remove_static=False)
    np.testing.assert_allclose(dirty, clean, atol=1e-12)
    np.testing.assert_allclose(clean, ha * np.conj(hb), atol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), t=st.integers(1, 30), static=st.booleans())
def test_property_one_dimensional(seed, t, static):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=t) + 1j * rng.normal(size=t)
    b = rng.normal(size=t) + 1j * rng.normal(size=t)
    out = conjugate_multiply(a, b, remove_static=static)
    p = a * np.conj(b)
    exp = p - p.mean() if static else p
    assert out.shape == (t,)
    np.testing.assert_allclose(out, exp, atol=1e-12)


def test_real_integer_input_is_accepted():
    out = conjugate_multiply([[1, 2], [3, 4]], [[2, 2], [1, 1]], remove_static=False)
    np.testing.assert_allclose(out, [[2, 4], [3, 4]])
    assert out.dtype == np.complex128


def test_invalid_input_raises():
    with pytest.raises(ValueError):
        conjugate_multiply(np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError):
        conjugate_multiply(np.ones(4), np.ones((4, 1)))
    with pytest.raises(ValueError):
        conjugate_multiply(np.array([]), np.array([]))
