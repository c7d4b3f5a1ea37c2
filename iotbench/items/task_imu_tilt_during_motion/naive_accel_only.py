import numpy as np


def estimate_tilt(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    # low-pass the accelerometer (0.5 s moving average) to suppress motion, then tilt
    k = max(1, int(0.5 * fs))
    kernel = np.ones(k) / k
    a = np.column_stack([np.convolve(acc[:, j], kernel, mode="same") for j in range(3)])
    pitch = np.degrees(np.arctan2(-a[:, 0], np.hypot(a[:, 1], a[:, 2])))
    roll = np.degrees(np.arctan2(a[:, 1], a[:, 2]))
    return np.column_stack([pitch, roll])
