import numpy as np

R = 6371008.8


def trip_distance(t, lat, lon):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180):
        raise ValueError("latitude/longitude out of range")
    if len(t) < 2:
        return 0.0
    p1, p2 = np.radians(lat[:-1]), np.radians(lat[1:])
    dp = p2 - p1
    dl = np.radians(lon[1:] - lon[:-1])
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(np.sum(2 * R * np.arcsin(np.sqrt(a))))
