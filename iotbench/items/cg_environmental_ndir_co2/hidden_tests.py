import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import ndir_co2_ppm

ZERO = 0.8


def _ratio_for(c, span, k=2.0e-3, x=0.75, zero=ZERO):
    fa = span * (1 - math.exp(-k * c ** x))
    return zero * (1 - fa)


def _ppm(active, reference=1.0, **kw):
    kw.setdefault("zero_ratio", ZERO)
    kw.setdefault("cal_ratio", _ratio_for(2000.0, 0.5))
    kw.setdefault("cal_ppm", 2000.0)
    return np.asarray(ndir_co2_ppm(active, reference, **kw))


def test_calibration_points_reproduced():
    assert float(_ppm(ZERO)) == pytest.approx(0.0, abs=1e-9)
    assert float(_ppm(_ratio_for(2000.0, 0.5))) == pytest.approx(2000.0, rel=1e-9)


def test_known_concentrations_with_default_model():
    for c in [50.0, 415.0, 1000.0, 5000.0, 9000.0]:
        r = _ratio_for(c, 0.5)
        assert float(_ppm(3.0 * r, 3.0)) == pytest.approx(c, rel=1e-7)


def test_span_is_derived_from_calibration_gas():
    # same physical sensor (span 0.35) calibrated with a 1000 ppm gas
    cal = _ratio_for(1000.0, 0.35)
    out = _ppm(_ratio_for(600.0, 0.35), cal_ratio=cal, cal_ppm=1000.0)
    assert float(out) == pytest.approx(600.0, rel=1e-7)


def test_custom_model_constants():
    k, x = 5.0e-3, 0.6
    cal = _ratio_for(3000.0, 0.4, k, x)
    out = _ppm(_ratio_for(800.0, 0.4, k, x), cal_ratio=cal, cal_ppm=3000.0, k=k, exponent=x)
    assert float(out) == pytest.approx(800.0, rel=1e-7)
    cal = _ratio_for(2000.0, 0.5, 1.0e-3, 0.75)
    out = _ppm(_ratio_for(700.0, 0.5, 1.0e-3, 0.75), cal_ratio=cal, k=1.0e-3)
    assert float(out) == pytest.approx(700.0, rel=1e-7)
    cal = _ratio_for(2000.0, 0.5, 2.0e-3, 0.9)
    out = _ppm(_ratio_for(700.0, 0.5, 2.0e-3, 0.9), cal_ratio=cal, exponent=0.9)
    assert float(out) == pytest.approx(700.0, rel=1e-7)


def test_no_absorption_gives_zero():
    out = _ppm(np.array([ZERO, ZERO * 1.05, 0.9]))
    np.testing.assert_allclose(out, 0.0, atol=1e-12)


def test_saturation_and_limit():
    span = 0.5
    # FA / span >= 1 -> saturated
    assert float(_ppm(ZERO * (1 - span))) == 10000.0
    assert float(_ppm(ZERO * (1 - span * 1.2))) == 10000.0
    assert float(_ppm(ZERO * (1 - span * 1.05))) == 10000.0
    assert float(_ppm(ZERO * (1 - span), max_ppm=5000.0)) == 5000.0
    # large but finite concentration is limited to max_ppm
    r = _ratio_for(20000.0, span)
    assert float(_ppm(r)) == 10000.0
    assert float(_ppm(r, max_ppm=30000.0)) == pytest.approx(20000.0, rel=1e-7)
    # saturation is not compensated
    assert float(_ppm(ZERO * (1 - span), temperature_c=45.0, pressure_hpa=900.0)) == 10000.0


def test_small_but_valid_parameters():
    r = _ratio_for(800.0, 0.5)
    assert float(_ppm(r, max_ppm=1.0)) == 1.0
    assert float(_ppm(r, max_ppm=0.5)) == 0.5
    assert float(_ppm(r, pressure_hpa=0.5)) == 10000.0
    cal = _ratio_for(0.5, 0.5)
    assert float(_ppm(_ratio_for(0.25, 0.5), cal_ratio=cal, cal_ppm=0.5)) == pytest.approx(
        0.25, rel=1e-6)


def test_temperature_and_pressure_compensation():
    r = _ratio_for(800.0, 0.5)
    assert float(_ppm(r, temperature_c=25.0)) == pytest.approx(800.0, rel=1e-9)
    assert float(_ppm(r, temperature_c=35.0)) == pytest.approx(800.0 * 308.15 / 298.15, rel=1e-9)
    assert float(_ppm(r, temperature_c=-5.0)) == pytest.approx(800.0 * 268.15 / 298.15, rel=1e-9)
    assert float(_ppm(r, pressure_hpa=950.0)) == pytest.approx(800.0 * 1013.25 / 950.0, rel=1e-9)
    both = float(_ppm(r, temperature_c=15.0, pressure_hpa=1030.0))
    assert both == pytest.approx(800.0 * 288.15 / 298.15 * 1013.25 / 1030.0, rel=1e-9)
    # compensation happens before the limit
    r2 = _ratio_for(9500.0, 0.5)
    assert float(_ppm(r2, pressure_hpa=900.0)) == 10000.0


def test_arrays_broadcast():
    conc = np.array([[0.0, 400.0], [1200.0, 3000.0]])
    ratios = np.vectorize(lambda c: _ratio_for(c, 0.5))(conc)
    ref = np.array([2.0, 4.0])
    out = _ppm(ratios * ref, ref, temperature_c=np.array([25.0, 25.0]))
    assert out.shape == (2, 2) and out.dtype == np.float64
    np.testing.assert_allclose(out, conc, rtol=1e-7, atol=1e-6)


@pytest.mark.parametrize("kw", [
    {"reference": 0.0}, {"reference": -1.0}, {"zero_ratio": 0.0}, {"cal_ppm": 0.0},
    {"cal_ratio": 0.0}, {"cal_ratio": ZERO}, {"cal_ratio": ZERO + 0.1}, {"cal_ratio": -0.2},
    {"k": 0.0}, {"exponent": 0.0}, {"max_ppm": 0.0}, {"pressure_hpa": 0.0},
    {"pressure_hpa": -10.0},
])
def test_invalid_raises(kw):
    args = {"active": 0.7, "reference": 1.0, "zero_ratio": ZERO, "cal_ratio": 0.6,
            "cal_ppm": 2000.0}
    args.update(kw)
    with pytest.raises(ValueError):
        ndir_co2_ppm(**args)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(0.0, 9000.0), st.floats(0.2, 0.9), st.floats(200.0, 5000.0),
       st.floats(0.5, 5.0))
def test_round_trip(c, span, cal_ppm, ref):
    cal = _ratio_for(cal_ppm, span)
    out = float(_ppm(_ratio_for(c, span) * ref, ref, cal_ratio=cal, cal_ppm=cal_ppm))
    assert out == pytest.approx(c, rel=1e-6, abs=1e-6)
