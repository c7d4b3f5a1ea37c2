import math

import numpy as np

R = 6371008.8


def geofence_events(t, lat, lon, center_lat, center_lon, radius_m):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180) or abs(center_lat) > 90:
        raise ValueError("latitude/longitude out of range")
    if radius_m <= 0:
        raise ValueError("radius must be positive")
    p1, p2 = np.radians(lat), math.radians(center_lat)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(
        np.radians(center_lon - lon) / 2) ** 2
    inside = 2 * R * np.arcsin(np.sqrt(a)) <= radius_m
    events = []
    for k in range(1, len(t)):
        if inside[k] != inside[k - 1]:
            events.append((float(t[k]), "enter" if inside[k] else "exit"))
    return events
