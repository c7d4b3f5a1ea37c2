"""Turn detection from a phone in a trouser pocket. The rotation about the *vertical* is the
gyroscope rate projected on the gravity direction seen by the phone (its orientation in the
pocket is arbitrary). That direction swings with the thigh at every stride and is tilted by the
centripetal acceleration of the turn itself, so it is tracked with the gyroscope and only slowly
pulled towards the accelerometer. The projected rate is smoothed over a stride (the pelvis turns
to and fro with every step), freed of the gyro bias by a long running median, segmented into
rotations and integrated; a rotation of at least 60 degrees is a turn."""
import math

import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d

MIN_TURN_DEG = 60.0
RATE_ON = 20.0   # deg/s, smoothed yaw rate that marks a rotation
RATE_OFF = 5.0   # deg/s, where a rotation is taken to start/end
TAU_S = 1.5      # accelerometer correction of the tracked gravity direction


def _track_gravity(acc, gyro, fs):
    dt = 1.0 / fs
    gain = dt / TAU_S
    w = np.radians(gyro)
    a = acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-9)
    v0 = acc[:max(1, int(fs))].mean(axis=0)
    vx, vy, vz = (v0 / (np.linalg.norm(v0) or 1.0)).tolist()
    out = np.empty_like(a)
    for i in range(len(a)):
        wx, wy, wz = w[i]
        # a world-fixed vector turns by -omega*dt in the phone frame (first order is enough)
        vx, vy, vz = (vx + (vy * wz - vz * wy) * dt, vy + (vz * wx - vx * wz) * dt,
                      vz + (vx * wy - vy * wx) * dt)
        ax, ay, az = a[i]
        vx += gain * (ax - vx)
        vy += gain * (ay - vy)
        vz += gain * (az - vz)
        norm = math.sqrt(vx * vx + vy * vy + vz * vz)
        vx, vy, vz = vx / norm, vy / norm, vz / norm
        out[i] = (vx, vy, vz)
    return out


def detect_turns(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 3 * fs:
        return []
    up = _track_gravity(acc, gyro, fs)
    yaw = np.einsum("ij,ij->i", gyro, up)            # deg/s about the vertical, CCW positive
    # the pelvis and thigh turn to and fro with every stride (about 1 s): average them out
    smooth = uniform_filter1d(yaw, size=max(1, int(1.0 * fs)), mode="nearest")
    smooth = uniform_filter1d(smooth, size=max(1, int(1.2 * fs)), mode="nearest")
    step = max(1, int(fs / 5))
    coarse = median_filter(smooth[::step], size=max(3, int(30 * fs / step)), mode="nearest")
    offset = np.interp(np.arange(n), np.arange(0, n, step), coarse)
    smooth = smooth - offset
    turns = []
    active = np.abs(smooth) > RATE_ON
    i = 0
    while i < n:
        if not active[i]:
            i += 1
            continue
        sign = np.sign(smooth[i])
        j = i
        while j < n and sign * smooth[j] > RATE_OFF:
            j += 1
        k = i
        while k > 0 and sign * smooth[k - 1] > RATE_OFF:
            k -= 1
        angle = smooth[k:j].sum() / fs
        if abs(angle) >= MIN_TURN_DEG:
            wgt = np.abs(smooth[k:j])
            centre = (k + np.sum(np.arange(j - k) * wgt) / np.sum(wgt)) / fs
            turns.append((float(centre), float(angle)))
        i = max(j, i + 1)
    return turns
