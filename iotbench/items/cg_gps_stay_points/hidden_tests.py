import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_stay_points

R = 6371008.8
M = 180 / (math.pi * R)   # degrees of latitude per metre


def _hav(la1, lo1, la2, lo2):
    p1, p2 = math.radians(la1), math.radians(la2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * \
        math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))


def _oracle(lat, lon, t, d=200.0, tt=1200.0):
    out, i, n = [], 0, len(lat)
    while i < n:
        j = i + 1
        while j < n and _hav(lat[i], lon[i], lat[j], lon[j]) <= d:
            j += 1
        if t[j - 1] - t[i] >= tt:
            out.append([np.mean(lat[i:j]), np.mean(lon[i:j]), t[i], t[j - 1]])
            i = j
        else:
            i += 1
    return np.array(out, float).reshape(-1, 4)


def _run(lat, lon, t, **kw):
    out = np.asarray(detect_stay_points(np.asarray(lat, float), np.asarray(lon, float),
                                        np.asarray(t, float), **kw))
    assert out.dtype == np.float64 and out.ndim == 2 and out.shape[1] == 4
    return out


def test_commute_with_two_stays():
    # home (30 min), drive 5 km north, office (25 min)
    lat = np.concatenate([50.0 + M * np.array([0, 20, -15, 10, 5, 0, 30]),
                          50.0 + M * np.array([1000, 2500, 4000]),
                          50.0 + M * (5000 + np.array([0, 40, -40, 10, 0]))])
    lon = np.full(lat.size, 8.0)
    t = np.concatenate([np.arange(7) * 300.0, 2100 + np.arange(3) * 120.0,
                        2600 + np.arange(5) * 375.0])
    out = _run(lat, lon, t)
    assert out.shape == (2, 4)
    np.testing.assert_allclose(out[0], [lat[:7].mean(), 8.0, 0.0, 1800.0], atol=1e-9)
    np.testing.assert_allclose(out[1], [lat[10:].mean(), 8.0, 2600.0, 4100.0], atol=1e-9)


def test_duration_threshold_inclusive_and_distance_inclusive():
    lat = 10.0 + M * np.array([0.0, 100.0, 199.0, 900.0])
    lon = np.zeros(4)
    out = _run(lat, lon, [0.0, 600.0, 1200.0, 1300.0])
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0, 2:], [0.0, 1200.0])
    out = _run(lat, lon, [0.0, 600.0, 1199.0, 1300.0])
    assert out.shape == (0, 4)
    # a fix exactly at the distance threshold belongs to the cluster
    d = _hav(10.0, 0.0, lat[2], 0.0)
    out = _run(lat, lon, [0.0, 600.0, 1200.0, 1300.0], dist_threshold_m=d)
    assert out.shape == (1, 4) and out[0, 3] == 1200.0
    out = _run(lat, lon, [0.0, 600.0, 1200.0, 1300.0], dist_threshold_m=d * (1 - 1e-9))
    assert out.shape == (0, 4)


def test_inner_loop_stops_at_first_far_fix():
    # leaves briefly (fix 2 is far away) and returns: the first visit is too short, the stay
    # starts again at fix 3
    lat = 20.0 + M * np.array([0.0, 10.0, 800.0, 5.0, 0.0, 3.0])
    lon = np.full(6, 100.0)
    t = np.array([0.0, 700.0, 800.0, 1500.0, 2200.0, 2800.0])
    out = _run(lat, lon, t)
    np.testing.assert_allclose(out, _oracle(lat, lon, t), atol=1e-9)
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0, 2:], [1500.0, 2800.0])
    np.testing.assert_allclose(out[0, :2], [lat[3:].mean(), 100.0], atol=1e-9)


def test_anchor_slides_forward():
    # the first fix is an outlier; the stay starts at fix 1
    lat = 0.0 + M * np.array([-500.0, 0.0, 50.0, 100.0, 150.0])
    lon = np.zeros(5)
    t = np.array([0.0, 60.0, 700.0, 1300.0, 1400.0])
    out = _run(lat, lon, t)
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0], [lat[1:].mean(), 0.0, 60.0, 1400.0], atol=1e-9)


def test_custom_thresholds_and_longitude_mean():
    lat = np.array([45.0, 45.0, 45.0, 45.0])
    lon = 7.0 + np.array([0.0, 0.0005, 0.001, 0.01])
    t = np.array([0.0, 100.0, 200.0, 300.0])
    out = _run(lat, lon, t, dist_threshold_m=100.0, time_threshold_s=150.0)
    np.testing.assert_allclose(out, [[45.0, 7.0005, 0.0, 200.0]], atol=1e-9)
    out = _run(lat, lon, t, dist_threshold_m=10.0, time_threshold_s=0.0)
    assert out.shape == (4, 4)
    np.testing.assert_allclose(out[:, 2], t)


def test_defaults_are_200m_and_20min():
    lat = 0.0 + M * np.array([0.0, 190.0, 0.0])
    out = _run(lat, np.zeros(3), [0.0, 1000.0, 1210.0])
    assert out.shape == (1, 4)
    lat = 0.0 + M * np.array([0.0, 210.0, 0.0])
    out = _run(lat, np.zeros(3), [0.0, 1000.0, 2000.0])
    assert out.shape == (0, 4)
    lat = 0.0 + M * np.array([0.0, 100.0, 150.0])
    assert _run(lat, np.zeros(3), [0.0, 600.0, 1190.0]).shape == (0, 4)


def test_plain_lists_fast_sampling_and_zero_distance():
    out = np.asarray(detect_stay_points([5.0, 5.0, 5.0, 5.0001], [6.0, 6.0, 6.0, 6.0],
                                        [0.0, 0.5, 1.0, 1.5], dist_threshold_m=0.0,
                                        time_threshold_s=0.5))
    np.testing.assert_allclose(out, [[5.0, 6.0, 0.0, 1.0]], atol=1e-12)
    out = np.asarray(detect_stay_points([5.0, 5.0], [6.0, 6.0], [0.0, 0.25],
                                        dist_threshold_m=0.5, time_threshold_s=0.25))
    np.testing.assert_allclose(out, [[5.0, 6.0, 0.0, 0.25]], atol=1e-12)


def test_empty_and_single():
    assert _run([], [], []).shape == (0, 4)
    assert _run([1.0], [2.0], [3.0]).shape == (0, 4)
    np.testing.assert_allclose(_run([1.0], [2.0], [3.0], time_threshold_s=0.0),
                               [[1.0, 2.0, 3.0, 3.0]])


@pytest.mark.parametrize("args, kw", [
    (([0.0, 0.0], [0.0], [0.0, 1.0]), {}),
    (([0.0, 0.0], [0.0, 0.0], [0.0]), {}),
    (([0.0, 0.0], [0.0, 0.0], [1.0, 1.0]), {}),
    (([0.0, 0.0], [0.0, 0.0], [2.0, 1.0]), {}),
    (([0.0, 0.0], [0.0, 0.0], [0.0, 1.0]), {"dist_threshold_m": -1.0}),
    (([0.0, 0.0], [0.0, 0.0], [0.0, 1.0]), {"time_threshold_s": -0.5}),
])
def test_invalid_raises(args, kw):
    with pytest.raises(ValueError):
        detect_stay_points(*[np.asarray(a, float) for a in args], **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(60, 600)),
                min_size=1, max_size=30))
def test_matches_algorithm(steps):
    lat = 40.0 + M * 100.0 * np.array([s[0] for s in steps], float)
    lon = -3.0 + M * 100.0 * np.array([s[1] for s in steps], float) / math.cos(math.radians(40))
    t = np.cumsum([s[2] for s in steps]).astype(float)
    out = _run(lat, lon, t, dist_threshold_m=250.0, time_threshold_s=900.0)
    np.testing.assert_allclose(out, _oracle(lat, lon, t, 250.0, 900.0), atol=1e-9)
