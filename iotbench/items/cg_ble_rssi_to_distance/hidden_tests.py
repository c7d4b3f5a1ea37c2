import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import rssi_to_distance


def test_reference_point_with_defaults():
    assert float(np.asarray(rssi_to_distance(-59.0))) == pytest.approx(1.0, rel=1e-9)


def test_twenty_db_is_ten_times_farther_in_free_space():
    out = np.asarray(rssi_to_distance(-79.0))
    assert out.shape == ()
    assert float(out) == pytest.approx(10.0, rel=1e-9)


def test_custom_parameters():
    d = float(np.asarray(rssi_to_distance(-85.0, tx_power_dbm=-65.0, path_loss_exponent=4.0)))
    assert d == pytest.approx(math.sqrt(10.0), rel=1e-9)
    d = float(np.asarray(rssi_to_distance(-62.0, tx_power_dbm=-62.0, path_loss_exponent=3.0,
                                          ref_distance_m=2.5)))
    assert d == pytest.approx(2.5, rel=1e-9)
    d = float(np.asarray(rssi_to_distance(-50.0, tx_power_dbm=-56.0, path_loss_exponent=3.0,
                                          ref_distance_m=2.0)))
    assert d == pytest.approx(2.0 * 10 ** (-6.0 / 30.0), rel=1e-9)
    # exponents below 1 are unusual (waveguide-like corridors) but valid
    d = float(np.asarray(rssi_to_distance(-64.0, tx_power_dbm=-60.0, path_loss_exponent=0.8)))
    assert d == pytest.approx(10 ** 0.5, rel=1e-9)


def test_array_shape_and_dtype_preserved():
    rssi = np.array([[-59.0, -69.0, -79.0], [-49.0, float("nan"), -89.0]])
    out = np.asarray(rssi_to_distance(rssi))
    assert out.shape == (2, 3)
    assert out.dtype == np.float64
    expected = np.array([[1.0, 10 ** 0.5, 10.0], [10 ** -0.5, np.nan, 10 ** 1.5]])
    np.testing.assert_allclose(out, expected, rtol=1e-9)
    assert np.isnan(out[1, 1])


def test_list_input():
    out = np.asarray(rssi_to_distance([-59, -99], path_loss_exponent=2.0))
    np.testing.assert_allclose(out, [1.0, 100.0], rtol=1e-9)


@pytest.mark.parametrize("kwargs", [
    {"path_loss_exponent": 0.0}, {"path_loss_exponent": -2.0},
    {"ref_distance_m": 0.0}, {"ref_distance_m": -1.0},
])
def test_invalid_parameters_raise(kwargs):
    with pytest.raises(ValueError):
        rssi_to_distance(-70.0, **kwargs)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-100, -30), st.floats(-80, -40), st.floats(1.5, 5.0), st.floats(0.5, 3.0))
def test_model_inverts(rssi, tx, n, d0):
    d = float(np.asarray(rssi_to_distance(rssi, tx_power_dbm=tx, path_loss_exponent=n,
                                          ref_distance_m=d0)))
    assert tx - 10 * n * math.log10(d / d0) == pytest.approx(rssi, abs=1e-7)
