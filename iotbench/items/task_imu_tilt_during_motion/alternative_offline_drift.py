"""Offline alternative: integrate the full attitude from the bias-corrected gyroscope, map every
accelerometer sample into that (slowly drifting) gyro frame, and estimate the drifting "up"
direction there by a robust running median over a long window of samples whose magnitude is
close to 1 g. Linear accelerations are short compared to the window and drop out; the gyro
frame's drift is slow and is followed. Tilt = the estimated up direction seen in the device."""
import math

import numpy as np

WINDOW_S = 60.0
MAG_TOL_G = 0.05


def _integrate(w, dt):
    """Attitude quaternions (w, x, y, z) gyro frame <- device, one per sample."""
    n = len(w)
    q = np.empty((n, 4))
    a, b, c, d = 1.0, 0.0, 0.0, 0.0
    for i in range(n):
        q[i] = (a, b, c, d)
        wx, wy, wz = w[i]
        th = math.sqrt(wx * wx + wy * wy + wz * wz) * dt
        if th > 1e-12:
            s = math.sin(th / 2) / (th / dt)
            e0, e1, e2, e3 = math.cos(th / 2), wx * s, wy * s, wz * s
            a, b, c, d = (a * e0 - b * e1 - c * e2 - d * e3,
                          a * e1 + b * e0 + c * e3 - d * e2,
                          a * e2 - b * e3 + c * e0 + d * e1,
                          a * e3 + b * e2 - c * e1 + d * e0)
            norm = math.sqrt(a * a + b * b + c * c + d * d)
            a, b, c, d = a / norm, b / norm, c / norm, d / norm
    return q


def _rotate(q, v, inverse=False):
    """Rotate vectors v (n, 3) by quaternions q (n, 4) (or by their inverse)."""
    w = q[:, :1]
    u = q[:, 1:] * (-1.0 if inverse else 1.0)
    t = 2.0 * np.cross(u, v)
    return v + w * t + np.cross(u, t)


def estimate_tilt(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n == 0:
        return np.zeros((0, 2))
    rest = max(1, int(2 * fs))
    bias = np.radians(gyro[:rest].mean(axis=0))
    scale = np.linalg.norm(acc[:rest].mean(axis=0)) or 1.0
    q = _integrate(np.radians(gyro) - bias, 1.0 / fs)
    a = acc / scale
    mag = np.linalg.norm(a, axis=1)
    up_g = _rotate(q, a / np.maximum(mag, 1e-9)[:, None])   # in the gyro frame
    good = np.abs(mag - 1.0) < MAG_TOL_G
    good[:rest] = True
    # robust running estimate of "up" in the gyro frame, evaluated on a coarse grid
    half = int(WINDOW_S * fs / 2)
    step = max(1, int(fs / 2))
    grid = np.arange(0, n, step)
    idx = np.flatnonzero(good)
    ups = np.empty((len(grid), 3))
    for j, c in enumerate(grid):
        lo, hi = np.searchsorted(idx, [c - half, c + half])
        sel = idx[lo:hi]
        if len(sel) < 10:
            sel = np.arange(max(0, c - half), min(n, c + half))
        u = np.median(up_g[sel], axis=0)
        ups[j] = u / np.linalg.norm(u)
    up = np.column_stack([np.interp(np.arange(n), grid, ups[:, k]) for k in range(3)])
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    v = _rotate(q, up, inverse=True)                         # up seen in the device frame
    pitch = np.degrees(np.arcsin(np.clip(-v[:, 0], -1, 1)))
    roll = np.degrees(np.arctan2(v[:, 1], v[:, 2]))
    return np.column_stack([pitch, roll])
