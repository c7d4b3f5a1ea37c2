import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import fuse_sensors


def _run(x, v):
    f, fv = fuse_sensors(np.asarray(x, float), np.asarray(v, float))
    f, fv = np.asarray(f), np.asarray(fv)
    assert f.dtype == np.float64 and fv.dtype == np.float64
    return f, fv


def test_two_sensors_hand_computed():
    f, fv = _run([[20.0, 22.0], [23.0, 19.0]], [1.0, 2.0])
    # weights 1 and 0.5
    np.testing.assert_allclose(f, [(20 + 23 * 0.5) / 1.5, (22 + 19 * 0.5) / 1.5], atol=1e-12)
    np.testing.assert_allclose(fv, [1 / 1.5, 1 / 1.5], atol=1e-12)


def test_equal_variances_give_mean():
    x = np.array([[1.0, 5.0, -2.0], [3.0, 5.0, 2.0], [8.0, 5.0, 3.0]])
    f, fv = _run(x, [0.25, 0.25, 0.25])
    np.testing.assert_allclose(f, x.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(fv, 0.25 / 3, atol=1e-12)


def test_missing_readings():
    x = np.array([[10.0, np.nan, np.nan, 4.0],
                  [12.0, 30.0, np.nan, np.nan],
                  [np.nan, 33.0, np.nan, 8.0]])
    v = np.array([1.0, 4.0, 0.5])
    f, fv = _run(x, v)
    assert f.shape == fv.shape == (4,)
    np.testing.assert_allclose(f[0], (10 + 12 / 4) / 1.25, atol=1e-12)
    np.testing.assert_allclose(fv[0], 1 / 1.25, atol=1e-12)
    np.testing.assert_allclose(f[1], (30 / 4 + 33 / 0.5) / 2.25, atol=1e-12)
    np.testing.assert_allclose(fv[1], 1 / 2.25, atol=1e-12)
    assert np.isnan(f[2]) and fv[2] == np.inf
    np.testing.assert_allclose(f[3], (4 + 8 / 0.5) / 3.0, atol=1e-12)
    np.testing.assert_allclose(fv[3], 1 / 3.0, atol=1e-12)


def test_single_sensor():
    f, fv = _run([[1.5, np.nan, -2.0]], [0.3])
    np.testing.assert_allclose(f[[0, 2]], [1.5, -2.0], atol=1e-12)
    np.testing.assert_allclose(fv[[0, 2]], [0.3, 0.3], atol=1e-12)
    assert np.isnan(f[1]) and np.isinf(fv[1]) and fv[1] > 0


@pytest.mark.parametrize("x, v", [
    ([1.0, 2.0], [1.0, 1.0]),
    ([[1.0], [2.0]], [1.0]),
    ([[1.0], [2.0]], [1.0, 0.0]),
    ([[1.0], [2.0]], [1.0, -1.0]),
    ([[1.0], [2.0]], [1.0, np.nan]),
    ([[1.0], [2.0]], [1.0, np.inf]),
])
def test_invalid_raises(x, v):
    with pytest.raises(ValueError):
        fuse_sensors(np.asarray(x, float), np.asarray(v, float))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.floats(-40, 60), st.floats(0.01, 10.0)), min_size=1, max_size=6))
def test_single_step_matches_formula_and_shrinks_variance(pairs):
    x = np.array([[p[0]] for p in pairs])
    v = np.array([p[1] for p in pairs])
    f, fv = _run(x, v)
    w = 1 / v
    assert f[0] == pytest.approx(np.sum(w * x[:, 0]) / np.sum(w), abs=1e-9)
    assert fv[0] == pytest.approx(1 / np.sum(w), rel=1e-9)
    assert fv[0] <= v.min() + 1e-12
    assert x.min() - 1e-9 <= f[0] <= x.max() + 1e-9
