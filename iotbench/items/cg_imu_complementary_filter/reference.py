"""Reference solution for cg_imu_complementary_filter."""

import numpy as np


def complementary_filter(acc, gyro, fs, alpha=0.98):
    """Roll and pitch (rad) from a complementary filter of gyro integration and accel tilt."""
    a = np.asarray(acc, dtype=np.float64)
    g = np.asarray(gyro, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3 or not a.shape[0] or g.shape != a.shape:
        raise ValueError("acc and gyro must both have shape (n, 3) with n >= 1")
    if fs <= 0 or not 0 <= alpha <= 1:
        raise ValueError("need fs > 0 and 0 <= alpha <= 1")

    dt = 1.0 / fs
    roll_acc = np.arctan2(a[:, 1], a[:, 2])
    pitch_acc = np.arctan2(-a[:, 0], np.sqrt(a[:, 1] ** 2 + a[:, 2] ** 2))

    out = np.empty((a.shape[0], 2))
    out[0] = roll_acc[0], pitch_acc[0]
    for k in range(1, a.shape[0]):
        out[k, 0] = alpha * (out[k - 1, 0] + g[k, 0] * dt) + (1 - alpha) * roll_acc[k]
        out[k, 1] = alpha * (out[k - 1, 1] + g[k, 1] * dt) + (1 - alpha) * pitch_acc[k]
    return out
