import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import heat_index_f


def _nws(t, rh):
    hi = 0.5 * (t + 61.0 + (t - 68.0) * 1.2 + rh * 0.094)
    if (hi + t) / 2 < 80:
        return hi
    hi = (-42.379 + 2.04901523 * t + 10.14333127 * rh - .22475541 * t * rh - .00683783 * t * t
          - .05481717 * rh * rh + .00122874 * t * t * rh + .00085282 * t * rh * rh
          - .00000199 * t * t * rh * rh)
    if rh < 13 and 80 <= t <= 112:
        hi -= ((13 - rh) / 4) * math.sqrt((17 - abs(t - 95)) / 17)
    elif rh > 85 and 80 <= t <= 87:
        hi += ((rh - 85) / 10) * ((87 - t) / 5)
    return hi


def _hi(t, rh):
    return float(np.asarray(heat_index_f(t, rh)))


def test_nws_chart_values():
    # values of the NWS heat-index chart (rounded to whole degrees there)
    assert _hi(90.0, 70.0) == pytest.approx(105.92, abs=0.01)
    assert _hi(100.0, 40.0) == pytest.approx(109.256, abs=0.01)
    assert _hi(80.0, 40.0) == pytest.approx(79.58, abs=0.01)


def test_simple_formula_region():
    for t, rh in [(70.0, 50.0), (75.0, 20.0), (60.0, 90.0), (78.0, 30.0)]:
        expected = 0.5 * (t + 61.0 + (t - 68.0) * 1.2 + rh * 0.094)
        assert _hi(t, rh) == pytest.approx(expected, abs=1e-9)


def test_regression_without_adjustment():
    for t, rh in [(95.0, 50.0), (85.0, 60.0), (104.0, 30.0), (88.0, 90.0), (82.0, 85.0)]:
        assert _hi(t, rh) == pytest.approx(_nws(t, rh), abs=1e-6)


def test_dry_adjustment():
    assert _hi(100.0, 10.0) == pytest.approx(_nws(100.0, 10.0), abs=1e-6)
    unadjusted = _nws(100.0, 13.0)
    assert _hi(100.0, 10.0) < unadjusted
    assert _hi(95.0, 5.0) == pytest.approx(_nws(95.0, 5.0), abs=1e-6)
    assert _hi(80.9, 12.9) == pytest.approx(_nws(80.9, 12.9), abs=1e-6)
    assert _hi(110.0, 12.5) == pytest.approx(_nws(110.0, 12.5), abs=1e-6)
    assert _hi(111.5, 5.0) == pytest.approx(_nws(111.5, 5.0), abs=1e-6)
    assert _hi(100.0, 13.5) == pytest.approx(_nws(100.0, 13.5), abs=1e-6)
    # just below the regression threshold the simple formula is used, without adjustment
    assert _hi(80.3, 12.0) == pytest.approx(0.5 * (80.3 + 61.0 + 12.3 * 1.2 + 12.0 * 0.094),
                                            abs=1e-9)
    # above 112 F no dry adjustment (the square root would be of a negative number)
    assert _hi(112.5, 5.0) == pytest.approx(_nws(112.5, 5.0), abs=1e-6)
    assert _hi(113.5, 12.0) == pytest.approx(_nws(113.5, 12.0), abs=1e-6)
    assert math.isfinite(_hi(120.0, 2.0))


def test_humid_adjustment():
    for t, rh in [(80.0, 90.0), (82.0, 85.5), (85.0, 100.0), (79.5, 95.0), (87.5, 95.0),
                  (86.0, 92.0), (86.5, 90.0), (82.0, 84.5)]:
        assert _hi(t, rh) == pytest.approx(_nws(t, rh), abs=1e-6)


def test_array_broadcast_and_dtype():
    t = np.array([70.0, 85.0, 95.0, 100.0])
    rh = np.array([[10.0], [50.0], [90.0]])
    out = np.asarray(heat_index_f(t, rh))
    assert out.shape == (3, 4) and out.dtype == np.float64
    expected = np.array([[_nws(tt, r) for tt in t] for r in rh[:, 0]])
    np.testing.assert_allclose(out, expected, atol=1e-6)
    assert np.asarray(heat_index_f(90.0, 70.0)).shape == ()


@pytest.mark.parametrize("rh", [-1.0, 100.5, [50.0, 101.0]])
def test_invalid_humidity_raises(rh):
    with pytest.raises(ValueError):
        heat_index_f(90.0, rh)


def test_humidity_bounds_are_valid():
    assert _hi(90.0, 0.0) == pytest.approx(_nws(90.0, 0.0), abs=1e-6)
    assert _hi(90.0, 100.0) == pytest.approx(_nws(90.0, 100.0), abs=1e-6)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(40, 120), st.floats(0, 100))
def test_matches_procedure(t, rh):
    assert _hi(t, rh) == pytest.approx(_nws(t, rh), abs=1e-6)
