import numpy as np

G = 9.81


def jump_heights(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < fs:
        return []
    mag = np.linalg.norm(acc, axis=1)
    airborne = np.concatenate([[0], (mag < 0.3).astype(int), [0]])
    d = np.diff(airborne)
    out = []
    for a, b in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
        if b - a < 0.15 * fs:
            continue
        # impulse-momentum: integrate the net vertical acceleration (|a| - 1 g) from the start
        # of the movement (the last time the magnitude was within 0.05 g of 1 g for 0.5 s)
        start = a
        calm = 0
        while start > 0 and calm < int(0.5 * fs):
            start -= 1
            calm = calm + 1 if abs(mag[start] - 1.0) < 0.05 else 0
        v0 = G * np.sum(mag[start:a] - 1.0) / fs
        if v0 > 0.5:
            out.append((float(a / fs), float(100 * v0 * v0 / (2 * G))))
    return out
