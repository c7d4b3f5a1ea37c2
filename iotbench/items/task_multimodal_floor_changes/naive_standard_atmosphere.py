"""Naive: the reference's detector, with heights from the standard-atmosphere altitude formula
(what a phone's altimeter shows) instead of the indoor air column."""
import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d
from scipy.signal import butter, sosfiltfilt

G, RD, T_IN = 9.80665, 287.05, 294.15  # indoor air about 21 C


def _slope(x, w):
    """Least-squares slope (per sample) over a centred window of w samples."""
    tt = np.arange(-(w // 2), w // 2 + 1)
    return np.convolve(x, (tt / (tt @ tt))[::-1], mode="same")


def _per_second(x, fs, n):
    """Mean of x over each whole second."""
    edges = (np.arange(n + 1) * fs).astype(int)
    c = np.concatenate([[0.0], np.cumsum(x)])
    return (c[edges[1:]] - c[edges[:-1]]) / np.maximum(1, edges[1:] - edges[:-1])


def _moving(a, fs, n):
    """Per second: is the person walking, or is a lift accelerating?"""
    mag = np.linalg.norm(a, axis=1)
    sos = butter(2, [0.8, min(4.0, 0.45 * fs)], "bandpass", fs=fs, output="sos")
    steps = sosfiltfilt(sos, mag - mag.mean())
    walk = np.sqrt(_per_second(steps ** 2, fs, n))
    sos = butter(2, 0.6, "lowpass", fs=fs, output="sos")
    slow = _per_second(sosfiltfilt(sos, mag), fs, n)
    slow = slow - median_filter(slow, size=31, mode="nearest")  # local gravity level
    lift = (np.abs(slow) > 0.2) & (walk < 0.6)
    return uniform_filter1d(((walk > 0.6) | lift).astype(float), 9) > 0


def detect_floor_changes(pressure, fs_baro, acc, fs_acc, floor_height_m):
    p = np.asarray(pressure, dtype=float)
    a = np.asarray(acc, dtype=float)
    if p.ndim != 1 or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("pressure must be 1-D and acc of shape (m, 3)")
    if not (fs_baro > 0 and fs_acc > 0 and floor_height_m > 0):
        raise ValueError("sampling rates and floor height must be positive")
    n = int(min(len(p) / fs_baro, len(a) / fs_acc))  # whole seconds covered by both
    if n < 20:
        return []
    z = 44330.0 * (1.0 - (p / 1013.25) ** (1 / 5.255))
    k = max(1, int(round(fs_baro)))
    z = median_filter(z, size=max(3, 7 * k) | 1, mode="nearest")
    z1 = _per_second(z, fs_baro, n)
    moving = _moving(a, fs_acc, n)
    vel = _slope(z1, 9)
    fast = np.abs(_slope(z1, 5)) > 0.5  # a lift cruising: no steps, no acceleration
    idx = np.flatnonzero((np.abs(vel) > 0.07) & (moving | fast))
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
            # arrival: the height first comes within a quarter of a storey of the new level
            seg = z1[s:e + 8]
            near = np.flatnonzero((seg - after) * np.sign(floors) > -0.25 * floor_height_m)
            events.append((float(s + (near[0] + 1 if near.size else len(seg))), floors))
    return events
