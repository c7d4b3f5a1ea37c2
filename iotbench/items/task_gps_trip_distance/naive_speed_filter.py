import numpy as np

R = 6371008.8
MAX_SPEED = 40.0   # m/s, no delivery vehicle is faster
MIN_SPEED = 1.0    # m/s, slower "movement" is GPS noise while standing


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(
        np.radians(lon2 - lon1) / 2) ** 2
    return 2 * R * np.arcsin(np.sqrt(a))


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
    total = 0.0
    last = 0
    for i in range(1, len(t)):
        d = _haversine(lat[last], lon[last], lat[i], lon[i])
        speed = d / (t[i] - t[last])
        if speed > MAX_SPEED:
            continue          # an outlier: skip this fix
        if speed >= MIN_SPEED:
            total += d
        last = i
    return float(total)
