import numpy as np

WGS84_A = 6378137.0
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)


def _ecef(lat_deg, lon_deg, h):
    phi, lam = np.radians(lat_deg), np.radians(lon_deg)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * np.sin(phi) ** 2)   # prime-vertical radius
    x = (n + h) * np.cos(phi) * np.cos(lam)
    y = (n + h) * np.cos(phi) * np.sin(lam)
    z = (n * (1.0 - WGS84_E2) + h) * np.sin(phi)
    return x, y, z


def geodetic_to_enu(lat, lon, h, lat0, lon0, h0=0.0):
    """WGS-84 geodetic coordinates -> local East/North/Up (m) around (lat0, lon0, h0)."""
    # numpy ufuncs broadcast lat, lon and h (lists or arrays) against each other below
    if np.any(np.abs(lat) > 90) or abs(lat0) > 90:
        raise ValueError("latitude outside [-90, 90]")
    x, y, z = _ecef(lat, lon, h)
    x0, y0, z0 = _ecef(lat0, lon0, h0)
    dx, dy, dz = x - x0, y - y0, z - z0
    phi0, lam0 = np.radians(lat0), np.radians(lon0)
    sp, cp = np.sin(phi0), np.cos(phi0)
    sl, cl = np.sin(lam0), np.cos(lam0)
    east = -sl * dx + cl * dy
    north = -sp * cl * dx - sp * sl * dy + cp * dz
    up = cp * cl * dx + cp * sl * dy + sp * dz
    return np.stack([east, north, up], axis=-1)
