"""Barometer-only floor-change detector: standard-atmosphere altitude, spike-free median
filter, sustained vertical movement found from the altitude's rate of change, net change rounded
to whole floors. The accelerometer is only validated, not used."""
import numpy as np
from scipy.ndimage import median_filter


def _altitude(p):
    return 44330.0 * (1.0 - (p / 1013.25) ** (1 / 5.255))


def detect_floor_changes(pressure, fs_baro, acc, fs_acc, floor_height_m):
    p = np.asarray(pressure, dtype=float)
    a = np.asarray(acc, dtype=float)
    if p.ndim != 1 or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("pressure must be 1-D and acc (m, 3)")
    if not (fs_baro > 0 and fs_acc > 0 and floor_height_m > 0):
        raise ValueError("rates and floor height must be positive")
    n = int(len(p) / fs_baro)
    if n < 20:
        return []
    k = max(1, int(round(fs_baro)))
    z = median_filter(_altitude(p), size=max(3, 7 * k) | 1, mode="nearest")
    z1 = np.array([z[int(i * fs_baro):int((i + 1) * fs_baro) or 1].mean() for i in range(n)])
    tt = np.arange(-4, 5)
    vel = np.convolve(z1, (tt / (tt @ tt))[::-1], mode="same")
    idx = np.flatnonzero(np.abs(vel) > 0.07)
    if idx.size == 0:
        return []
    segs, start, prev = [], idx[0], idx[0]
    for i in idx[1:]:
        if i - prev > 25:
            segs.append((start, prev))
            start = i
        prev = i
    segs.append((start, prev))
    events = []
    for s, e in segs:
        before = np.median(z1[max(0, s - 12):max(1, s - 2)])
        after = np.median(z1[min(n - 1, e + 2):min(n, e + 12)])
        floors = int(np.round((after - before) / floor_height_m))
        if floors != 0:
            seg = z1[s:e + 8]
            near = np.flatnonzero((seg - after) * np.sign(floors) > -0.25 * floor_height_m)
            events.append((float(s + (near[0] + 1 if near.size else len(seg))), floors))
    return events
