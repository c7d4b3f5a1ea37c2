import math

import numpy as np

R = 6371008.8
DIST_M = 100.0
TIME_S = 600.0


def _dist(la1, lo1, la2, lo2):
    p1, p2 = math.radians(la1), math.radians(la2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))


def find_stays(t, lat, lon):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180):
        raise ValueError("latitude/longitude out of range")
    n = len(t)
    stays = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and _dist(lat[i], lon[i], lat[j], lon[j]) <= DIST_M:
            j += 1
        if t[j - 1] - t[i] >= TIME_S:
            stays.append((float(t[i]), float(t[j - 1]), float(np.mean(lat[i:j])),
                          float(np.mean(lon[i:j]))))
            i = j
        else:
            i += 1
    return stays
