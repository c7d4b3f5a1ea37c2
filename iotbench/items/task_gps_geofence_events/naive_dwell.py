import math

import numpy as np

R = 6371008.8
DWELL_S = 30.0    # the new side must hold for this long (rejects GPS glitches)


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
    if len(t) == 0:
        return []
    p1, p2 = np.radians(lat), math.radians(center_lat)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(
        np.radians(center_lon - lon) / 2) ** 2
    inside_fix = 2 * R * np.arcsin(np.sqrt(a)) <= radius_m
    state = inside_fix[0]
    events = []
    k = 1
    while k < len(t):
        if inside_fix[k] != state:
            j = k
            while j < len(t) and inside_fix[j] != state:
                j += 1
            if t[j - 1] - t[k] >= DWELL_S:
                state = not state
                events.append((float(t[k]), "enter" if state else "exit"))
            k = j
        else:
            k += 1
    return events
