import math

import numpy as np

R = 6371008.8
BAND_M = 15.0     # hysteresis against jitter at the boundary
CONFIRM = 3       # consecutive fixes needed to change state


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
    dist = 2 * R * np.arcsin(np.sqrt(a))
    inside = dist[0] <= radius_m
    events = []
    run = 0
    for k in range(1, len(t)):
        other = dist[k] > radius_m + BAND_M if inside else dist[k] < radius_m - BAND_M
        run = run + 1 if other else 0
        if run >= CONFIRM:
            first = k - CONFIRM + 1
            # crossing time: interpolate between the last fix before the run and the first in it
            d0, d1 = dist[first - 1] - radius_m, dist[first] - radius_m
            f = d0 / (d0 - d1) if d0 != d1 else 1.0
            when = t[first - 1] + min(max(f, 0.0), 1.0) * (t[first] - t[first - 1])
            inside = not inside
            events.append((float(when), "enter" if inside else "exit"))
            run = 0
    return events
