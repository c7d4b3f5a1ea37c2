import math

import numpy as np

R = 6371008.8
EPS_M = 60.0
MIN_PTS = 5


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
    if n == 0:
        return []
    lat0 = math.radians(float(np.mean(lat)))
    x = np.radians(lon - lon[0]) * R * math.cos(lat0)
    y = np.radians(lat) * R
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    neigh = [np.flatnonzero(d[i] <= EPS_M) for i in range(n)]
    label = np.full(n, -1)
    cluster = 0
    for i in range(n):
        if label[i] != -1 or len(neigh[i]) < MIN_PTS:
            continue
        label[i] = cluster
        queue = list(neigh[i])
        while queue:
            j = queue.pop()
            if label[j] == -1:
                label[j] = cluster
                if len(neigh[j]) >= MIN_PTS:
                    queue.extend(neigh[j])
        cluster += 1
    stays = []
    for c in range(cluster):
        idx = np.flatnonzero(label == c)
        if t[idx[-1]] - t[idx[0]] >= 600:
            stays.append((float(t[idx[0]]), float(t[idx[-1]]), float(lat[idx].mean()),
                          float(lon[idx].mean())))
    return sorted(stays)
