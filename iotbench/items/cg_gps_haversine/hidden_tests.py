import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import haversine_m

R = 6371008.8


def _d(*args, **kw):
    return np.asarray(haversine_m(*args, **kw))


def test_one_degree_along_equator_and_meridian():
    assert float(_d(0.0, 0.0, 0.0, 1.0)) == pytest.approx(R * math.pi / 180, rel=1e-12)
    assert float(_d(10.0, 30.0, 11.0, 30.0)) == pytest.approx(R * math.pi / 180, rel=1e-12)
    assert _d(0.0, 0.0, 0.0, 1.0).shape == ()


def test_known_city_pair():
    # Berlin (52.5200, 13.4050) to Paris (48.8566, 2.3522): about 877.5 km on this sphere
    d = float(_d(52.5200, 13.4050, 48.8566, 2.3522))
    phi1, phi2 = math.radians(52.52), math.radians(48.8566)
    a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * \
        math.sin(math.radians(2.3522 - 13.405) / 2) ** 2
    assert d == pytest.approx(2 * R * math.asin(math.sqrt(a)), rel=1e-12)
    assert 877000 < d < 878000


def test_custom_radius_and_pole_to_pole():
    assert float(_d(90.0, 0.0, -90.0, 0.0, radius_m=1.0)) == pytest.approx(math.pi, rel=1e-12)
    assert float(_d(0.0, 0.0, 90.0, 77.0, radius_m=6371000.0)) == \
        pytest.approx(6371000.0 * math.pi / 2, rel=1e-12)


def test_antipodal_is_finite():
    lat, lon = 45.632359561465194, 13.731592758940167
    d = float(_d(lat, lon, -lat, lon + 180.0))
    assert d == pytest.approx(math.pi * R, rel=1e-9)
    lat = np.array([45.632359561465194, -30.648291030163413, -7.3195410806273316])
    lon = np.array([13.731592758940167, 103.83433323422554, -157.55415150604478])
    d = _d(lat, lon, -lat, lon + 180.0)
    np.testing.assert_allclose(d, math.pi * R, rtol=1e-9)
    assert float(_d(0.0, 0.0, 0.0, 180.0)) == pytest.approx(math.pi * R, rel=1e-12)


def test_same_point_and_dateline():
    assert float(_d(45.0, 7.0, 45.0, 7.0)) == 0.0
    a = float(_d(0.0, 179.5, 0.0, -179.5))
    assert a == pytest.approx(R * math.pi / 180, rel=1e-9)


def test_plain_lists():
    out = np.asarray(haversine_m([0.0, 0.0], [0.0, 0.0], [0.0, 1.0], [1.0, 0.0]))
    np.testing.assert_allclose(out, R * math.pi / 180, rtol=1e-12)


def test_broadcasting():
    lat2 = np.array([[0.0], [1.0], [2.0]])
    lon2 = np.array([0.0, 1.0])
    out = _d(0.0, 0.0, lat2, lon2)
    assert out.shape == (3, 2) and out.dtype == np.float64
    for i in range(3):
        for j in range(2):
            assert out[i, j] == pytest.approx(float(_d(0.0, 0.0, lat2[i, 0], lon2[j])), rel=1e-12)
    assert out[0, 0] == 0.0


@pytest.mark.parametrize("args", [(90.5, 0, 0, 0), (0, 0, -91, 0), (0, 0, [10, 95], 0)])
def test_invalid_latitude_raises(args):
    with pytest.raises(ValueError):
        haversine_m(*[np.asarray(a, float) for a in args])


def test_latitude_bounds_valid():
    assert float(_d(90.0, 0.0, -90.0, 0.0)) == pytest.approx(math.pi * R, rel=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-89, 89), st.floats(-180, 180), st.floats(-89, 89), st.floats(-180, 180))
def test_matches_spherical_law_and_symmetry(la1, lo1, la2, lo2):
    d = float(_d(la1, lo1, la2, lo2))
    v1 = np.array([math.cos(math.radians(la1)) * math.cos(math.radians(lo1)),
                   math.cos(math.radians(la1)) * math.sin(math.radians(lo1)),
                   math.sin(math.radians(la1))])
    v2 = np.array([math.cos(math.radians(la2)) * math.cos(math.radians(lo2)),
                   math.cos(math.radians(la2)) * math.sin(math.radians(lo2)),
                   math.sin(math.radians(la2))])
    expected = R * math.atan2(np.linalg.norm(np.cross(v1, v2)), float(v1 @ v2))
    assert d == pytest.approx(expected, abs=1e-3)
    assert float(_d(la2, lo2, la1, lo1)) == pytest.approx(d, abs=1e-6)
