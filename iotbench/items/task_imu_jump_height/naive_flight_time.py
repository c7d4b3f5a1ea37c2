import numpy as np

G = 9.81


def jump_heights(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(acc) < fs:
        return []
    # in the air the accelerometer reads (almost) zero: the flight time gives the height
    mag = np.linalg.norm(acc, axis=1)
    airborne = np.concatenate([[0], (mag < 0.3).astype(int), [0]])
    d = np.diff(airborne)
    out = []
    for a, b in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
        t_flight = (b - a) / fs
        if t_flight >= 0.15:
            out.append((float(a / fs), float(100 * G * t_flight ** 2 / 8)))
    return out
