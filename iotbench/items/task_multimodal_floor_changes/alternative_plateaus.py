"""Floor changes as jumps between rest levels of the barometric height.

The height (hypsometric relation at indoor temperature, from the ratio of each pressure sample
to the record's first quiet level) is split into rest plateaus (height steady for a while) and
transitions. A transition is a trip when the phone moved during it: steps (spread of the
acceleration magnitude) or a lift's push along gravity (acceleration projected on the phone's
local gravity direction). Transitions without movement (ventilation) only move the reference
level. Trips less than 25 s apart (a lift stopping on the way, a stair landing) are merged.
"""
import numpy as np
from scipy.ndimage import median_filter

G, R_AIR, T_ROOM = 9.80665, 287.05, 294.0


def _second_means(x, fs, n):
    edges = (np.arange(n + 1) * fs).astype(int)
    c = np.concatenate([np.zeros((1,) + x.shape[1:]), np.cumsum(x, axis=0)])
    return (c[edges[1:]] - c[edges[:-1]]) / np.maximum(1, edges[1:] - edges[:-1]).reshape(
        (-1,) + (1,) * (x.ndim - 1))


def _movement(a, fs, n):
    """Per second: True when the person walks or a lift pushes along gravity."""
    mag = np.linalg.norm(a, axis=1)
    mean_mag = _second_means(mag, fs, n)
    spread = np.sqrt(np.maximum(_second_means(mag ** 2, fs, n) - mean_mag ** 2, 0))
    walking = spread > 0.7
    vec = _second_means(a, fs, n)  # (n, 3) mean acceleration per second
    grav = median_filter(vec, size=(41, 1), mode="nearest")
    up = grav / np.linalg.norm(grav, axis=1, keepdims=True)
    along = np.einsum("ij,ij->i", vec - grav, up)
    lift = (np.abs(along) > 0.2) & ~walking
    moved = walking | lift
    return np.convolve(moved.astype(float), np.ones(9), mode="same") > 0


def detect_floor_changes(pressure, fs_baro, acc, fs_acc, floor_height_m):
    p = np.asarray(pressure, dtype=float)
    a = np.asarray(acc, dtype=float)
    if p.ndim != 1 or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("pressure must be 1-D and acc of shape (m, 3)")
    if not (fs_baro > 0 and fs_acc > 0 and floor_height_m > 0):
        raise ValueError("sampling rates and floor height must be positive")
    n = int(min(len(p) / fs_baro, len(a) / fs_acc))
    if n < 20:
        return []
    p1 = _second_means(median_filter(p, size=max(3, int(7 * fs_baro)) | 1, mode="nearest"),
                       fs_baro, n)
    h = R_AIR * T_ROOM / G * np.log(p1[0] / p1)
    h = median_filter(h, size=5, mode="nearest")
    moved = _movement(a, fs_acc, n)
    # rest: height steady over 7 s (change below 0.4 m), sustained for at least 6 s
    w = 7
    change = np.abs(h[w:] - h[:-w])
    steady = np.zeros(n, bool)
    steady[w // 2:w // 2 + change.size] = change < 0.4
    runs, i = [], 0
    while i < n:
        if steady[i]:
            j = i
            while j < n and steady[j]:
                j += 1
            if j - i >= 6:
                runs.append((i, j))
            i = j
        else:
            i += 1
    trips = []
    for (a0, a1), (b0, b1) in zip(runs[:-1], runs[1:]):
        level_a = np.median(h[max(a0, a1 - 10):a1])
        level_b = np.median(h[b0:min(b1, b0 + 10)])
        if not moved[a1:b0 + 1].any():
            continue  # the pressure moved but the person did not: ventilation
        dz = level_b - level_a
        seg = h[a1:b0 + 6]
        near = np.flatnonzero((seg - level_b) * np.sign(dz) > -0.25 * floor_height_m)
        arrive = a1 + (near[0] + 1 if near.size else seg.size)
        trips.append([a1, arrive, dz])
    merged = []
    for t in trips:
        if merged and t[0] - merged[-1][1] < 25:
            # a small step next to a trip (a door, the phone moved) does not move the arrival
            arrive = t[1] if abs(t[2]) > 0.3 * floor_height_m else merged[-1][1]
            merged[-1] = [merged[-1][0], arrive, merged[-1][2] + t[2]]
        else:
            merged.append(t)
    events = []
    for _start, arrive, dz in merged:
        floors = int(np.round(dz / floor_height_m))
        if floors != 0:
            events.append((float(arrive), floors))
    return events
