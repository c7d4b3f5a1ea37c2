import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import fmcw_convert


def test_known_range_from_beat():
    # 4 GHz in 40 us -> slope 1e14 Hz/s; 1 MHz beat -> 1.5 m
    r = fmcw_convert(1e6, 4e9, 40e-6)
    assert isinstance(r, float)
    assert r == pytest.approx(1.5, rel=1e-12)


def test_known_beat_from_range():
    f = fmcw_convert(10.0, 250e6, 1e-3, to="beat")
    assert isinstance(f, float)
    assert f == pytest.approx(2 * 250e9 * 10.0 / 3e8, rel=1e-12)


def test_array_shape_and_dtype_preserved():
    fb = np.array([[0.0, 2e5], [4e5, 1e6]])
    r = fmcw_convert(fb, 1e9, 50e-6)
    assert r.shape == (2, 2) and r.dtype == np.float64
    np.testing.assert_allclose(r, 3e8 * fb / (2 * 2e13), rtol=1e-12)
    f = fmcw_convert([1, 2, 3], 1e9, 50e-6, to="beat")
    np.testing.assert_allclose(f, 2 * 2e13 * np.array([1, 2, 3]) / 3e8, rtol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(r=st.floats(0, 500), bw=st.floats(1e6, 5e9), dur=st.floats(1e-6, 1e-2))
def test_property_round_trip(r, bw, dur):
    f = fmcw_convert(r, bw, dur, to="beat")
    assert f == pytest.approx(2 * (bw / dur) * r / 3e8, rel=1e-9, abs=1e-12)
    assert fmcw_convert(f, bw, dur) == pytest.approx(r, rel=1e-9, abs=1e-9)


def test_small_positive_parameters_are_valid():
    assert fmcw_convert(2.0, 0.5, 0.25) == pytest.approx(3e8 * 2.0 / (2 * 2.0))
    assert fmcw_convert(0.0, 1e9, 1e-5) == 0.0


@pytest.mark.parametrize("args,kwargs", [
    ((1e6, 0.0, 1e-5), {}), ((1e6, -1e9, 1e-5), {}), ((1e6, 1e9, 0.0), {}), ((1e6, 1e9, -1e-5), {}),
    ((-1.0, 1e9, 1e-5), {}), ((np.array([1.0, -2.0]), 1e9, 1e-5), {"to": "beat"}),
    ((1.0, 1e9, 1e-5), {"to": "distance"}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        fmcw_convert(*args, **kwargs)
