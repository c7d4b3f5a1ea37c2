import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import csi_ratio


def test_shared_offsets_and_gain_cancel():
    rng = np.random.default_rng(0)
    T, S = 100, 30
    ha = rng.normal(size=(T, S)) + 1j * rng.normal(size=(T, S)) + 3
    hb = rng.normal(size=(T, S)) + 1j * rng.normal(size=(T, S)) + 3
    common = rng.uniform(0.5, 2.0, size=(T, 1)) * np.exp(1j * rng.uniform(-np.pi, np.pi, size=(T, 1)))
    r = csi_ratio(ha * common, hb * common)
    assert r.dtype == np.complex128 and r.shape == (T, S)
    np.testing.assert_allclose(r, ha / hb, rtol=1e-12)


def test_known_values_and_default_guard():
    a = np.array([2 + 2j, 1.0, 5j, 3.0])
    b = np.array([1j, 2.0, 1e-7, 1e-6])
    r = csi_ratio(a, b)
    np.testing.assert_allclose(r[:2], [2 - 2j, 0.5])
    assert np.isnan(r[2].real) and np.isnan(r[2].imag)
    # |b| equal to the threshold is still usable (strict comparison)
    assert r[3] == pytest.approx(3e6)


def test_custom_threshold_and_zero_threshold():
    a = np.array([1.0, 1.0, 1.0])
    b = np.array([0.05, 0.2, 0.1])
    r = csi_ratio(a, b, min_magnitude=0.1)
    assert np.isnan(r[0]) and r[1] == pytest.approx(5.0) and r[2] == pytest.approx(10.0)
    r0 = csi_ratio(np.array([1.0, 2.0]), np.array([1e-300, 4.0]), min_magnitude=0.0)
    assert r0[0] == pytest.approx(1e300) and r0[1] == pytest.approx(0.5)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), t=st.integers(1, 20), thr=st.floats(0, 1.5))
def test_property_quotient_or_nan(seed, t, thr):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=t) + 1j * rng.normal(size=t)
    b = rng.normal(size=t) + 1j * rng.normal(size=t)
    r = csi_ratio(a, b, min_magnitude=thr)
    weak = np.abs(b) < thr
    assert np.all(np.isnan(r[weak].real)) and np.all(np.isnan(r[weak].imag))
    np.testing.assert_allclose(r[~weak], a[~weak] / b[~weak], rtol=1e-12)


@pytest.mark.parametrize("args", [
    (np.ones((3, 2)), np.ones((2, 3))), (np.ones(4), np.ones((1, 4))), (np.array([]), np.array([])), (np.ones(3), np.ones(3), -1.0),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        csi_ratio(*args)
