import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import track_stats

R = 6371008.8
DEG = R * math.pi / 180   # metres per degree along a great circle


def _hav(la1, lo1, la2, lo2):
    p1, p2 = math.radians(la1), math.radians(la2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * \
        math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))


def test_equator_track():
    lat = [0.0, 0.0, 0.0, 0.0]
    lon = [0.0, 0.001, 0.002, 0.004]
    t = [0.0, 10.0, 30.0, 40.0]
    s = track_stats(lat, lon, t)
    seg = np.array([0.001, 0.001, 0.002]) * DEG
    assert s["length_m"] == pytest.approx(seg.sum(), rel=1e-9)
    assert s["duration_s"] == pytest.approx(40.0)
    assert s["mean_speed_mps"] == pytest.approx(seg.sum() / 40.0, rel=1e-9)
    sp = np.asarray(s["segment_speeds_mps"])
    assert sp.shape == (3,) and sp.dtype == np.float64
    np.testing.assert_allclose(sp, seg / np.array([10.0, 20.0, 10.0]), rtol=1e-9)
    assert s["max_speed_mps"] == pytest.approx(0.002 * DEG / 10.0, rel=1e-9)
    assert s["moving_time_s"] == pytest.approx(40.0)


def test_moving_time_threshold():
    # stopped for two minutes, then moving
    lat = [10.0, 10.0, 10.0, 10.001, 10.003]
    lon = [20.0, 20.0, 20.0, 20.0, 20.0]
    t = [0.0, 60.0, 120.0, 130.0, 200.0]
    s = track_stats(lat, lon, t)
    d1, d2 = 0.001 * DEG, 0.002 * DEG
    np.testing.assert_allclose(np.asarray(s["segment_speeds_mps"]),
                               [0.0, 0.0, d1 / 10, d2 / 70], rtol=1e-9, atol=1e-12)
    assert s["moving_time_s"] == pytest.approx(80.0)
    s = track_stats(lat, lon, t, min_moving_speed=5.0)
    assert s["moving_time_s"] == pytest.approx(10.0)
    s = track_stats(lat, lon, t, min_moving_speed=d1 / 10)   # boundary: counts as moving
    assert s["moving_time_s"] == pytest.approx(10.0)
    s = track_stats(lat, lon, t, min_moving_speed=0.0)
    assert s["moving_time_s"] == pytest.approx(200.0)


def test_default_threshold_walking_pace():
    s = track_stats([0.0, 0.0, 0.0], [0.0, 5.2 / DEG, 10.0 / DEG], [0.0, 10.0, 20.0])
    np.testing.assert_allclose(np.asarray(s["segment_speeds_mps"]), [0.52, 0.48], rtol=1e-9)
    assert s["moving_time_s"] == pytest.approx(10.0)


def test_general_track_against_haversine():
    lat = np.array([48.137, 48.139, 48.1405, 48.1405, 48.143])
    lon = np.array([11.575, 11.578, 11.5801, 11.5801, 11.585])
    t = np.array([1000.0, 1012.0, 1030.0, 1090.0, 1120.0])
    s = track_stats(lat, lon, t)
    seg = np.array([_hav(lat[i], lon[i], lat[i + 1], lon[i + 1]) for i in range(4)])
    assert s["length_m"] == pytest.approx(seg.sum(), rel=1e-9)
    assert s["duration_s"] == pytest.approx(120.0)
    sp = seg / np.diff(t)
    np.testing.assert_allclose(np.asarray(s["segment_speeds_mps"]), sp, rtol=1e-9)
    assert s["max_speed_mps"] == pytest.approx(sp.max(), rel=1e-9)
    assert s["moving_time_s"] == pytest.approx(60.0)
    assert s["mean_speed_mps"] == pytest.approx(seg.sum() / 120.0, rel=1e-9)


def test_two_fixes_across_meridian_and_latitude():
    s = track_stats([-1.0, 1.0], [179.9, -179.9], [0.0, 100.0])
    expected = _hav(-1.0, 179.9, 1.0, -179.9)
    assert s["length_m"] == pytest.approx(expected, rel=1e-9)
    assert s["max_speed_mps"] == pytest.approx(expected / 100.0, rel=1e-9)


@pytest.mark.parametrize("lat, lon, t", [
    ([0.0], [0.0], [0.0]),
    ([0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0]),
    ([0.0, 0.0], [0.0, 0.0], [0.0, 1.0, 2.0]),
    ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]),
    ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 2.0, 1.0]),
    ([0.0, 91.0], [0.0, 0.0], [0.0, 1.0]),
    ([-90.5, 0.0], [0.0, 0.0], [0.0, 1.0]),
])
def test_invalid_raises(lat, lon, t):
    with pytest.raises(ValueError):
        track_stats(np.asarray(lat), np.asarray(lon), np.asarray(t))


def test_pole_is_valid():
    s = track_stats([89.0, 90.0], [0.0, 0.0], [0.0, 1.0])
    assert s["length_m"] == pytest.approx(DEG, rel=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.floats(-60, 60), st.floats(-170, 170), st.floats(0.5, 100)),
                min_size=2, max_size=10))
def test_sums_are_consistent(fixes):
    lat = np.array([f[0] for f in fixes])
    lon = np.array([f[1] for f in fixes])
    t = np.cumsum([f[2] for f in fixes])
    s = track_stats(lat, lon, t)
    seg = np.array([_hav(lat[i], lon[i], lat[i + 1], lon[i + 1]) for i in range(len(t) - 1)])
    assert s["length_m"] == pytest.approx(seg.sum(), rel=1e-9, abs=1e-6)
    sp = np.asarray(s["segment_speeds_mps"])
    np.testing.assert_allclose(sp, seg / np.diff(t), rtol=1e-9, atol=1e-9)
    assert s["moving_time_s"] == pytest.approx(np.diff(t)[sp >= 0.5].sum(), abs=1e-9)
