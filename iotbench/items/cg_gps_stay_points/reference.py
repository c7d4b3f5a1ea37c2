import numpy as np

EARTH_RADIUS_M = 6371008.8


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def detect_stay_points(lat, lon, t, dist_threshold_m=200.0, time_threshold_s=1200.0):
    """Stay points [mean_lat, mean_lon, arrival, departure] of a GPS trajectory."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if lat.ndim != 1 or lat.shape != lon.shape or lat.shape != t.shape:
        raise ValueError("lat, lon and t must be 1-D arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if dist_threshold_m < 0 or time_threshold_s < 0:
        raise ValueError("thresholds must be non-negative")
    n = lat.size
    stays = []
    i = 0
    while i < n:
        last = i
        # grow the cluster while fixes stay within the threshold of the anchor fix i
        while last + 1 < n and _haversine(lat[i], lon[i], lat[last + 1], lon[last + 1]) \
                <= dist_threshold_m:
            last += 1
        if t[last] - t[i] >= time_threshold_s:
            stays.append([lat[i:last + 1].mean(), lon[i:last + 1].mean(), t[i], t[last]])
            i = last + 1               # continue after the stay
        else:
            i += 1                     # slide the anchor forward
    if not stays:
        return np.zeros((0, 4))
    return np.array(stays, dtype=np.float64)
