"""Compass by explicit pitch/roll levelling and a magnitude-constrained calibration.

1. Calibration: nonlinear least squares over the first 20 s finds the offset c and a symmetric
   matrix T (hard iron + soft iron; symmetric, so it does not rotate the field) that make
   |T (m - c)| constant.
2. Pitch and roll of the phone from the accelerometer averaged twice over a 1.5 s sliding window
   (the step accelerations of walking average out; the hand's tilt changes slowly).
3. The calibrated field is rotated back to a level frame by roll and pitch; the heading of the
   phone's top is the angle of the levelled horizontal field, clockwise from magnetic north."""
import numpy as np
from scipy.optimize import least_squares

CAL_S = 20.0


def _calibrate(m):
    c0 = (m.max(axis=0) + m.min(axis=0)) / 2
    r0 = np.mean(np.linalg.norm(m - c0, axis=1))

    def unpack(p):
        c = p[:3]
        t = np.array([[p[3], p[4], p[5]], [p[4], p[6], p[7]], [p[5], p[7], p[8]]])
        return c, t

    def residual(p):
        c, t = unpack(p)
        return np.linalg.norm((m - c) @ t.T, axis=1) - 1.0

    p0 = np.concatenate([c0, [1 / r0, 0, 0, 1 / r0, 0, 1 / r0]])
    return unpack(least_squares(residual, p0).x)


def _moving_average(x, k):
    kernel = np.ones(k) / k
    pad = np.pad(x, ((k // 2, k - 1 - k // 2), (0, 0)), mode="edge")
    return np.stack([np.convolve(pad[:, j], kernel, mode="valid") for j in range(3)], axis=1)


def compass_heading(mag, acc, fs):
    mag = np.asarray(mag, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if mag.ndim != 2 or mag.shape[1] != 3 or acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("mag and acc must have shape (n, 3)")
    if mag.shape[0] != acc.shape[0]:
        raise ValueError("mag and acc must have the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if mag.shape[0] < 25 * fs:
        raise ValueError("record shorter than 25 s")
    c, t = _calibrate(mag[:int(CAL_S * fs)])
    m = _moving_average((mag - c) @ t.T, max(1, int(0.15 * fs)))
    k = max(1, int(1.5 * fs))
    g = _moving_average(_moving_average(acc, k), k)
    pitch = np.arctan2(g[:, 1], np.hypot(g[:, 0], g[:, 2]))  # top of the phone up
    roll = np.arctan2(-g[:, 0], g[:, 2])
    # level: undo roll (about the phone's y axis), then pitch (about x)
    cr, sr, cp, sp = np.cos(roll), np.sin(roll), np.cos(pitch), np.sin(pitch)
    x1 = cr * m[:, 0] + sr * m[:, 2]
    z1 = -sr * m[:, 0] + cr * m[:, 2]
    y2 = cp * m[:, 1] - sp * z1
    return np.degrees(np.arctan2(-x1, y2)) % 360
