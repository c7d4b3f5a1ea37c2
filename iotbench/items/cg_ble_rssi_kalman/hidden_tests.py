import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import kalman_smooth_rssi


def _oracle(z, q=0.1, r=4.0):
    out, x, p = [], None, 0.0
    for zk in z:
        if x is None:
            if not math.isnan(zk):
                x, p = zk, r
            out.append(float("nan") if x is None else x)
            continue
        p += q
        if not math.isnan(zk):
            k = p / (p + r)
            x += k * (zk - x)
            p *= 1 - k
        out.append(x)
    return np.array(out)


def test_hand_computed_three_samples():
    # q = 1, r = 4: P0 = 4; step 1: P = 5, K = 5/9; step 2: P = 20/9 + 1 = 29/9, K = 29/65
    out = np.asarray(kalman_smooth_rssi([-60.0, -69.0, -60.0], process_var=1.0, meas_var=4.0))
    x1 = -60.0 + 5 / 9 * (-9.0)
    x2 = x1 + 29 / 65 * (-60.0 - x1)
    np.testing.assert_allclose(out, [-60.0, x1, x2], atol=1e-9)
    assert out.dtype == np.float64


def test_defaults_match_specification():
    z = [-70.0, -72.0, -65.0, -80.0, -71.0, -69.0, -75.0]
    np.testing.assert_allclose(np.asarray(kalman_smooth_rssi(z)), _oracle(z), atol=1e-9)


def test_constant_signal_is_unchanged():
    out = np.asarray(kalman_smooth_rssi(np.full(20, -67.0), process_var=0.5, meas_var=2.0))
    np.testing.assert_allclose(out, -67.0, atol=1e-12)


def test_leading_nan_and_gaps():
    z = [np.nan, np.nan, -70.0, np.nan, np.nan, np.nan, -60.0, -61.0, np.nan, -62.0]
    out = np.asarray(kalman_smooth_rssi(z, process_var=0.3, meas_var=3.0))
    assert out.shape == (10,)
    assert np.isnan(out[0]) and np.isnan(out[1])
    assert out[2] == -70.0
    # during a gap the estimate is held
    assert out[3] == out[4] == out[5] == -70.0
    np.testing.assert_allclose(out, _oracle(z, 0.3, 3.0), atol=1e-9, equal_nan=True)
    # the gap inflates the variance: the first reading after it gets gain (3 + 4*0.3) / (3 + 4*0.3 + 3)
    k = 4.2 / 7.2
    assert out[6] == pytest.approx(-70.0 + k * 10.0, abs=1e-9)


def test_zero_process_noise_gives_running_mean():
    z = np.array([-50.0, -54.0, -58.0, -62.0, -51.0])
    out = np.asarray(kalman_smooth_rssi(z, process_var=0.0, meas_var=5.0))
    np.testing.assert_allclose(out, np.cumsum(z) / np.arange(1, 6), atol=1e-9)


def test_all_nan_and_empty():
    out = np.asarray(kalman_smooth_rssi([np.nan, np.nan, np.nan]))
    assert out.shape == (3,) and np.all(np.isnan(out))
    assert np.asarray(kalman_smooth_rssi([])).shape == (0,)


@pytest.mark.parametrize("q, r", [(-0.01, 4.0), (0.1, 0.0), (0.1, -1.0)])
def test_invalid_variances_raise(q, r):
    with pytest.raises(ValueError):
        kalman_smooth_rssi([-60.0, -61.0], process_var=q, meas_var=r)


def test_boundary_variances_accepted():
    out = np.asarray(kalman_smooth_rssi([-60.0, -62.0], process_var=0.0, meas_var=0.5))
    np.testing.assert_allclose(out, [-60.0, -61.0], atol=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.floats(-100, -30), st.just(float("nan"))), min_size=1, max_size=40),
       st.floats(0.0, 3.0), st.floats(0.2, 10.0))
def test_matches_recursion(z, q, r):
    out = np.asarray(kalman_smooth_rssi(np.array(z), process_var=q, meas_var=r))
    np.testing.assert_allclose(out, _oracle(z, q, r), atol=1e-7, equal_nan=True)
