import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import fit_path_loss


def _fit(*args, **kwargs):
    out = fit_path_loss(*args, **kwargs)
    assert len(out) == 3
    return tuple(float(v) for v in out)


def test_exact_model_recovered():
    d = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    rssi = -60.0 - 25.0 * np.log10(d)
    p0, n, rmse = _fit(d, rssi)
    assert p0 == pytest.approx(-60.0, abs=1e-9)
    assert n == pytest.approx(2.5, abs=1e-9)
    assert rmse == pytest.approx(0.0, abs=1e-9)


def test_reference_distance_moves_intercept():
    d = np.array([0.5, 1.0, 3.0, 6.0])
    rssi = -55.0 - 30.0 * np.log10(d / 2.0)
    p0, n, rmse = _fit(list(d), list(rssi), ref_distance_m=2.0)
    assert p0 == pytest.approx(-55.0, abs=1e-9)
    assert n == pytest.approx(3.0, abs=1e-9)
    assert rmse == pytest.approx(0.0, abs=1e-9)


def test_noisy_fit_matches_closed_form():
    d = np.array([1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 12.0])
    noise = np.array([1.2, -0.7, 0.3, -1.5, 2.0, -0.4, 0.9, -1.1])
    rssi = -62.0 - 22.0 * np.log10(d) + noise
    x = -10 * np.log10(d)
    slope, intercept = np.polyfit(x, rssi, 1)
    resid = rssi - (intercept + slope * x)
    p0, n, rmse = _fit(d, rssi)
    assert p0 == pytest.approx(intercept, abs=1e-8)
    assert n == pytest.approx(slope, abs=1e-8)
    assert rmse == pytest.approx(np.sqrt(np.mean(resid ** 2)), abs=1e-8)


def test_rmse_known_value():
    # two points per distance, +-1 dB around an exact line: residuals are all +-1
    d = np.array([1.0, 1.0, 10.0, 10.0])
    rssi = np.array([-59.0, -61.0, -79.0, -81.0])
    p0, n, rmse = _fit(d, rssi)
    assert p0 == pytest.approx(-60.0, abs=1e-9)
    assert n == pytest.approx(2.0, abs=1e-9)
    assert rmse == pytest.approx(1.0, abs=1e-9)


def test_nan_readings_are_ignored():
    d = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    rssi = -58.0 - 20.0 * np.log10(d)
    rssi[2] = np.nan
    p0, n, rmse = _fit(d, rssi)
    assert p0 == pytest.approx(-58.0, abs=1e-9)
    assert n == pytest.approx(2.0, abs=1e-9)
    assert np.isfinite(rmse) and rmse == pytest.approx(0.0, abs=1e-9)


def test_two_distinct_distances_are_enough():
    p0, n, _ = _fit([2.0, 20.0], [-70.0, -90.0], ref_distance_m=2.0)
    assert p0 == pytest.approx(-70.0, abs=1e-9)
    assert n == pytest.approx(2.0, abs=1e-9)


@pytest.mark.parametrize("d, r, kw", [
    ([1.0, 2.0, 3.0], [-60.0, -66.0], {}),                 # length mismatch
    ([1.0, 0.0, 3.0], [-60.0, -66.0, -70.0], {}),          # zero distance
    ([1.0, -2.0, 3.0], [-60.0, -66.0, -70.0], {}),         # negative distance
    ([2.0, 2.0, 2.0], [-60.0, -66.0, -70.0], {}),          # one distinct distance
    ([1.0, 2.0, 3.0], [-60.0, np.nan, np.nan], {}),        # one point left
    ([1.0, 2.0, 3.0], [-60.0, -66.0, -70.0], {"ref_distance_m": 0.0}),
    ([1.0, 2.0, 3.0], [-60.0, -66.0, -70.0], {"ref_distance_m": -1.0}),
])
def test_invalid_input_raises(d, r, kw):
    with pytest.raises(ValueError):
        fit_path_loss(np.array(d), np.array(r), **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-80, -40), st.floats(1.6, 4.5), st.floats(0.5, 2.0),
       st.lists(st.floats(0.3, 30.0), min_size=3, max_size=12, unique=True))
def test_recovers_noise_free_parameters(p0, n, d0, d):
    d = np.array(d)
    if np.ptp(np.log10(d)) < 0.05:
        return
    rssi = p0 - 10 * n * np.log10(d / d0)
    fp0, fn, rmse = _fit(d, rssi, ref_distance_m=d0)
    assert fp0 == pytest.approx(p0, abs=1e-6)
    assert fn == pytest.approx(n, abs=1e-6)
    assert rmse < 1e-6
