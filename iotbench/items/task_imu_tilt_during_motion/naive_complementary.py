import numpy as np


def estimate_tilt(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    dt = 1.0 / fs
    alpha = 0.98
    acc_pitch = np.degrees(np.arctan2(-acc[:, 0], np.hypot(acc[:, 1], acc[:, 2])))
    acc_roll = np.degrees(np.arctan2(acc[:, 1], acc[:, 2]))
    out = np.zeros((n, 2))
    if n == 0:
        return out
    pitch, roll = acc_pitch[0], acc_roll[0]
    for k in range(n):
        pitch = alpha * (pitch + gyro[k, 1] * dt) + (1 - alpha) * acc_pitch[k]
        roll = alpha * (roll + gyro[k, 0] * dt) + (1 - alpha) * acc_roll[k]
        out[k] = pitch, roll
    return out
