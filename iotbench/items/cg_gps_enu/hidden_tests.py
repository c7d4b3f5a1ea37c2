import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import geodetic_to_enu

A = 6378137.0
B = 6356752.314245179          # WGS-84 semi-minor axis
E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)


def _ecef(lat, lon, h):
    p, l = math.radians(lat), math.radians(lon)
    n = A / math.sqrt(1 - E2 * math.sin(p) ** 2)
    return np.array([(n + h) * math.cos(p) * math.cos(l), (n + h) * math.cos(p) * math.sin(l),
                     (n * (1 - E2) + h) * math.sin(p)])


def _enu(lat, lon, h, lat0, lon0, h0):
    d = _ecef(lat, lon, h) - _ecef(lat0, lon0, h0)
    p, l = math.radians(lat0), math.radians(lon0)
    rot = np.array([[-math.sin(l), math.cos(l), 0.0],
                    [-math.sin(p) * math.cos(l), -math.sin(p) * math.sin(l), math.cos(p)],
                    [math.cos(p) * math.cos(l), math.cos(p) * math.sin(l), math.sin(p)]])
    return rot @ d


def _run(*args, **kw):
    return np.asarray(geodetic_to_enu(*args, **kw))


def test_reference_point_is_origin_and_up_is_height():
    out = _run(47.3769, 8.5417, 408.0, 47.3769, 8.5417, 408.0)
    assert out.shape == (3,) and out.dtype == np.float64
    np.testing.assert_allclose(out, 0.0, atol=1e-6)
    out = _run(47.3769, 8.5417, 508.0, 47.3769, 8.5417, 408.0)
    np.testing.assert_allclose(out, [0.0, 0.0, 100.0], atol=1e-6)


def test_equator_exact_values():
    lam = math.radians(0.01)
    out = _run(0.0, 0.01, 0.0, 0.0, 0.0)
    np.testing.assert_allclose(out, [A * math.sin(lam), 0.0, A * (math.cos(lam) - 1)], atol=1e-6)


def test_pole_seen_from_equator_uses_ellipsoid():
    out = _run(90.0, 0.0, 0.0, 0.0, 0.0)
    np.testing.assert_allclose(out, [0.0, B, -A], atol=1e-4)
    out = _run(-90.0, 0.0, 0.0, 0.0, 90.0)
    np.testing.assert_allclose(out, [0.0, -B, -A], atol=1e-4)


def test_polar_reference_points_are_valid():
    out = _run(89.99, 30.0, 0.0, 90.0, 0.0, 0.0)
    np.testing.assert_allclose(out, _enu(89.99, 30.0, 0.0, 90.0, 0.0, 0.0), atol=1e-6)
    out = _run(89.0, 0.0, 0.0, 89.5, 0.0, 0.0)
    np.testing.assert_allclose(out, _enu(89.0, 0.0, 0.0, 89.5, 0.0, 0.0), atol=1e-6)
    assert out[1] < 0


def test_field_corner_example():
    lat0, lon0, h0 = 52.0, 5.0, 10.0
    out = _run([52.001, 52.0, 51.999], [5.0, 5.002, 4.998], [10.0, 12.0, 5.0], lat0, lon0, h0)
    assert out.shape == (3, 3)
    for k, (la, lo, hh) in enumerate([(52.001, 5.0, 10.0), (52.0, 5.002, 12.0),
                                      (51.999, 4.998, 5.0)]):
        np.testing.assert_allclose(out[k], _enu(la, lo, hh, lat0, lon0, h0), atol=1e-6)
    assert 110 < out[0, 1] < 112 and abs(out[0, 0]) < 1e-6
    assert 136 < out[1, 0] < 138


def test_southern_western_reference_and_default_height():
    out = _run(-33.86, -151.2, 30.0, -33.8688, -151.2093)
    np.testing.assert_allclose(out, _enu(-33.86, -151.2, 30.0, -33.8688, -151.2093, 0.0),
                               atol=1e-6)


def test_broadcasting_shape():
    lat = np.array([[10.0], [10.01]])
    lon = np.array([20.0, 20.01, 20.02])
    out = _run(lat, lon, 0.0, 10.0, 20.0, 0.0)
    assert out.shape == (2, 3, 3)
    np.testing.assert_allclose(out[1, 2], _enu(10.01, 20.02, 0.0, 10.0, 20.0, 0.0), atol=1e-6)


@pytest.mark.parametrize("lat, lat0", [(91.0, 0.0), (0.0, -90.5), ([0.0, -95.0], 0.0)])
def test_invalid_latitude_raises(lat, lat0):
    with pytest.raises(ValueError):
        geodetic_to_enu(np.asarray(lat), 0.0, 0.0, lat0, 0.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-89, 89), st.floats(-179, 179), st.floats(-100, 3000),
       st.floats(-0.5, 0.5), st.floats(-0.5, 0.5), st.floats(-200, 200))
def test_matches_rotation_and_preserves_distance(lat0, lon0, h0, dlat, dlon, dh):
    lat, lon, h = lat0 + dlat, lon0 + dlon, h0 + dh
    out = _run(lat, lon, h, lat0, lon0, h0)
    np.testing.assert_allclose(out, _enu(lat, lon, h, lat0, lon0, h0), atol=1e-5)
    d = np.linalg.norm(_ecef(lat, lon, h) - _ecef(lat0, lon0, h0))
    assert np.linalg.norm(out) == pytest.approx(d, abs=1e-5)
