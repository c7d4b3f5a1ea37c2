import pytest
from hypothesis import given, settings, strategies as st

from candidate import fmcw_parameters

KEYS = {"slope", "wavelength", "range_resolution", "max_range", "velocity_resolution", "max_velocity"}


def test_typical_77ghz_configuration():
    p = fmcw_parameters(4e9, 40e-6, 10e6, 128, 50e-6)
    assert set(p) == KEYS
    assert all(isinstance(v, float) for v in p.values())
    assert p["slope"] == pytest.approx(1e14, rel=1e-12)
    assert p["wavelength"] == pytest.approx(3e8 / 77e9, rel=1e-12)
    assert p["range_resolution"] == pytest.approx(0.0375, rel=1e-12)
    assert p["max_range"] == pytest.approx(3e8 * 10e6 / 2e14, rel=1e-12)         # 15 m
    assert p["velocity_resolution"] == pytest.approx((3e8 / 77e9) / (2 * 128 * 50e-6), rel=1e-12)
    assert p["max_velocity"] == pytest.approx((3e8 / 77e9) / (4 * 50e-6), rel=1e-12)


def test_real_if_halves_max_range_and_carrier_changes_wavelength():
    pc = fmcw_parameters(1e9, 100e-6, 5e6, 64, 120e-6, carrier_freq=24e9, complex_if=True)
    pr = fmcw_parameters(1e9, 100e-6, 5e6, 64, 120e-6, carrier_freq=24e9, complex_if=False)
    assert pr["max_range"] == pytest.approx(pc["max_range"] / 2, rel=1e-12)
    assert pc["max_range"] == pytest.approx(3e8 * 5e6 / (2 * 1e13), rel=1e-12)
    assert pc["wavelength"] == pytest.approx(0.0125, rel=1e-12)
    assert pr["range_resolution"] == pc["range_resolution"] == pytest.approx(0.15, rel=1e-12)


def test_chirp_period_equal_to_duration_allowed():
    p = fmcw_parameters(2e9, 50e-6, 8e6, 32, 50e-6)
    assert p["max_velocity"] == pytest.approx((3e8 / 77e9) / (4 * 50e-6), rel=1e-12)


def test_small_values_are_valid():
    p = fmcw_parameters(0.5, 0.25, 0.5, 1, 0.5, carrier_freq=0.75)
    assert p["slope"] == pytest.approx(2.0)
    assert p["max_range"] == pytest.approx(3e8 * 0.5 / 4.0)
    assert p["velocity_resolution"] == pytest.approx((3e8 / 0.75) / (2 * 1 * 0.5))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(bw=st.floats(1e8, 5e9), dur=st.floats(5e-6, 2e-4), fs=st.floats(1e6, 5e7),
       n=st.integers(1, 512), extra=st.floats(0, 1e-4), fc=st.floats(1e9, 1e11), iq=st.booleans())
def test_property_relations(bw, dur, fs, n, extra, fc, iq):
    tc = dur + extra
    p = fmcw_parameters(bw, dur, fs, n, tc, carrier_freq=fc, complex_if=iq)
    lam = 3e8 / fc
    assert p["range_resolution"] == pytest.approx(3e8 / (2 * bw), rel=1e-9)
    assert p["max_range"] == pytest.approx(3e8 * (fs if iq else fs / 2) * dur / (2 * bw), rel=1e-9)
    assert p["velocity_resolution"] == pytest.approx(lam / (2 * n * tc), rel=1e-9)
    assert p["max_velocity"] == pytest.approx(lam / (4 * tc), rel=1e-9)
    assert p["max_velocity"] * 2 / p["velocity_resolution"] == pytest.approx(n, rel=1e-9)


@pytest.mark.parametrize("args,kwargs", [
    ((0.0, 40e-6, 10e6, 128, 50e-6), {}), ((4e9, 0.0, 10e6, 128, 50e-6), {}),
    ((4e9, 40e-6, 0.0, 128, 50e-6), {}), ((4e9, 40e-6, 10e6, 0, 50e-6), {}),
    ((4e9, 40e-6, 10e6, 128, 0.0), {}), ((4e9, 40e-6, 10e6, 128, 50e-6), {"carrier_freq": 0.0}),
    ((4e9, 40e-6, 10e6, 128, 30e-6), {}), ((-4e9, 40e-6, 10e6, 128, 50e-6), {}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        fmcw_parameters(*args, **kwargs)
