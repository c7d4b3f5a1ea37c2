"""Pitch and roll of a moving device: the gravity direction is tracked in the device frame by
integrating the gyroscope (bias taken from the initial rest), and nudged towards the
accelerometer only when the accelerometer can be a gravity reference: its magnitude is close to
1 g and its direction agrees with the gyro prediction to within a few degrees. Sustained vehicle
accelerations (braking, turns) disagree with the gyro and are ignored; walking accelerations
average out over the slow correction."""
import math

import numpy as np

TAU_S = 10.0         # time constant of the accelerometer correction
MAG_TOL_G = 0.04     # |a| must be within this of the rest magnitude
AGREE_DEG = 3.0     # full trust only within a few degrees of the prediction
SMOOTH_S = 0.3      # averaging of vibration


def estimate_tilt(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n == 0:
        return np.zeros((0, 2))
    dt = 1.0 / fs
    rest = acc[:max(1, int(2 * fs))]
    bias = np.radians(gyro[:max(1, int(2 * fs))].mean(axis=0))
    g0 = rest.mean(axis=0)
    scale = float(np.linalg.norm(g0)) or 1.0
    vx, vy, vz = (g0 / scale).tolist()
    w = np.radians(gyro) - bias
    # average out vibration (0.2 s, centred; the recording is processed offline)
    k = max(1, int(SMOOTH_S * fs))
    kernel = np.ones(k) / k
    a = np.column_stack([np.convolve(np.pad(acc[:, j], (k, k), mode="edge"), kernel,
                                     mode="same")[k:-k] for j in range(3)]) / scale
    amag = np.linalg.norm(a, axis=1)
    gain = dt / TAU_S
    agree_dis = 1.0 - math.cos(math.radians(AGREE_DEG))
    out_v = np.empty((n, 3))
    for k in range(n):
        wx, wy, wz = w[k]
        th = math.sqrt(wx * wx + wy * wy + wz * wz) * dt
        if th > 1e-12:
            # a world-fixed vector turns by -omega*dt in the device frame (Rodrigues)
            ux, uy, uz = -wx * dt / th, -wy * dt / th, -wz * dt / th
            c, s = math.cos(th), math.sin(th)
            dot = ux * vx + uy * vy + uz * vz
            cx, cy, cz = uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx
            vx, vy, vz = (vx * c + cx * s + ux * dot * (1 - c),
                          vy * c + cy * s + uy * dot * (1 - c),
                          vz * c + cz * s + uz * dot * (1 - c))
        m = amag[k]
        if abs(m - 1.0) < MAG_TOL_G:
            ax, ay, az = a[k] / m
            # disagreement with the prediction (1 - cos, ~ angle^2 / 2): full trust within a
            # few degrees, then trust falling with the square of the angle, so that sustained
            # accelerations barely leak in but a drifted estimate still recovers
            dis = max(1.0 - (ax * vx + ay * vy + az * vz), 0.0)
            wgt = 1.0 if dis < agree_dis else agree_dis / dis
            vx += gain * wgt * (ax - vx)
            vy += gain * wgt * (ay - vy)
            vz += gain * wgt * (az - vz)
        norm = math.sqrt(vx * vx + vy * vy + vz * vz)
        vx, vy, vz = vx / norm, vy / norm, vz / norm
        out_v[k] = (vx, vy, vz)
    pitch = np.degrees(np.arcsin(np.clip(-out_v[:, 0], -1, 1)))
    roll = np.degrees(np.arctan2(out_v[:, 1], out_v[:, 2]))
    return np.column_stack([pitch, roll])
