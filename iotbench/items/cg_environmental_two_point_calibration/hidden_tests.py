import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import two_point_calibrate


def test_thermometer_ice_and_boiling_points():
    # reads 0.8 in ice water (0 C) and 98.6 in boiling water (100 C)
    raw = np.array([0.8, 98.6, 49.7, 25.0])
    out = np.asarray(two_point_calibrate(raw, 0.8, 0.0, 98.6, 100.0))
    expected = (raw - 0.8) * 100.0 / 97.8
    assert out.shape == (4,) and out.dtype == np.float64
    np.testing.assert_allclose(out, expected, atol=1e-9)
    assert out[0] == pytest.approx(0.0, abs=1e-12)
    assert out[1] == pytest.approx(100.0, abs=1e-9)


def test_nonzero_reference_offset_and_extrapolation():
    out = np.asarray(two_point_calibrate([100.0, 300.0, 500.0, 0.0], 100.0, 400.0, 300.0, 1000.0))
    np.testing.assert_allclose(out, [400.0, 1000.0, 1600.0, 100.0], atol=1e-9)


def test_points_may_be_given_in_either_order_and_negative_slope():
    a = np.asarray(two_point_calibrate(7.0, 10.0, 50.0, 2.0, 10.0))
    assert a.shape == ()
    assert float(a) == pytest.approx(35.0, abs=1e-9)
    b = np.asarray(two_point_calibrate([1.0, 3.0], 1.0, 80.0, 3.0, 20.0))
    np.testing.assert_allclose(b, [80.0, 20.0], atol=1e-9)


def test_shape_is_preserved():
    raw = np.arange(12, dtype=float).reshape(3, 4)
    out = np.asarray(two_point_calibrate(raw, 0.0, 1.0, 10.0, 21.0))
    assert out.shape == (3, 4)
    np.testing.assert_allclose(out, 1.0 + 2.0 * raw, atol=1e-9)


def test_clip_range():
    raw = np.array([-5.0, 0.0, 50.0, 120.0])
    out = np.asarray(two_point_calibrate(raw, 0.0, 0.0, 100.0, 100.0, clip_range=(0.0, 100.0)))
    np.testing.assert_allclose(out, [0.0, 0.0, 50.0, 100.0], atol=1e-12)
    out = np.asarray(two_point_calibrate(raw, 0.0, 0.0, 100.0, 100.0, clip_range=(20.0, 20.0)))
    np.testing.assert_allclose(out, 20.0, atol=1e-12)
    out = np.asarray(two_point_calibrate(raw, 0.0, 0.0, 100.0, 100.0))
    np.testing.assert_allclose(out, raw, atol=1e-12)


@pytest.mark.parametrize("args, kw", [
    ((5.0, 2.0, 0.0, 2.0, 10.0), {}),
    ((5.0, 0.0, 0.0, 1.0, 10.0), {"clip_range": (10.0, 0.0)}),
])
def test_invalid_raises(args, kw):
    with pytest.raises(ValueError):
        two_point_calibrate(*args, **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-50, 50), st.floats(-50, 50), st.floats(1, 100), st.floats(0.2, 5),
       st.floats(-100, 100))
def test_recovers_affine_sensor(offset, ref_low, span, gain, truth):
    # a sensor with raw = gain * true + offset, calibrated at ref_low and ref_low + span
    ref_high = ref_low + span
    raw_low, raw_high = gain * ref_low + offset, gain * ref_high + offset
    out = float(np.asarray(two_point_calibrate(gain * truth + offset, raw_low, ref_low,
                                               raw_high, ref_high)))
    assert out == pytest.approx(truth, abs=1e-6)
