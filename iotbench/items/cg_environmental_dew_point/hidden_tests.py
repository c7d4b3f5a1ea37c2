import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import dew_point_c


def _magnus(t, rh, a=17.62, b=243.12):
    g = math.log(rh / 100) + a * t / (b + t)
    return b * g / (a - g)


def test_known_value_20c_50pct():
    out = np.asarray(dew_point_c(20.0, 50.0))
    assert out.shape == ()
    assert float(out) == pytest.approx(9.2554, abs=2e-3)
    assert float(out) == pytest.approx(_magnus(20.0, 50.0), abs=1e-9)


def test_saturated_air_dew_point_equals_temperature():
    t = np.array([-10.0, 0.0, 15.5, 35.0])
    np.testing.assert_allclose(np.asarray(dew_point_c(t, 100.0)), t, atol=1e-9)


def test_vectorised_and_broadcast():
    t = np.array([[5.0], [25.0], [40.0]])
    rh = np.array([10.0, 60.0, 95.0])
    out = np.asarray(dew_point_c(t, rh))
    assert out.shape == (3, 3) and out.dtype == np.float64
    expected = np.array([[_magnus(tt, r) for r in rh] for tt in t[:, 0]])
    np.testing.assert_allclose(out, expected, atol=1e-9)


def test_custom_coefficients():
    out = float(np.asarray(dew_point_c(30.0, 70.0, a=17.27, b=237.7)))
    assert out == pytest.approx(_magnus(30.0, 70.0, 17.27, 237.7), abs=1e-9)
    assert abs(out - _magnus(30.0, 70.0)) > 0.01


def test_nan_propagates():
    out = np.asarray(dew_point_c([20.0, np.nan, 20.0], [50.0, 50.0, np.nan]))
    assert np.isnan(out[1]) and np.isnan(out[2])
    assert out[0] == pytest.approx(_magnus(20.0, 50.0), abs=1e-9)


@pytest.mark.parametrize("rh", [0.0, -5.0, 100.5, [50.0, 101.0], [0.0, 50.0]])
def test_invalid_humidity_raises(rh):
    with pytest.raises(ValueError):
        dew_point_c(20.0, rh)


def test_small_positive_humidity_is_valid():
    out = float(np.asarray(dew_point_c(25.0, 0.5)))
    assert out == pytest.approx(_magnus(25.0, 0.5), abs=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-30, 50), st.floats(1, 100))
def test_saturation_vapour_pressure_identity(t, rh):
    td = float(np.asarray(dew_point_c(t, rh)))
    es = lambda x: 6.112 * math.exp(17.62 * x / (243.12 + x))
    assert es(td) == pytest.approx(rh / 100 * es(t), rel=1e-7)
    assert td <= t + 1e-9
