import numpy as np


def detect_turns(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 3 * fs:
        return []
    k = max(1, int(2 * fs))
    kernel = np.ones(k) / k
    grav = np.column_stack([np.convolve(acc[:, j], kernel, mode="same") for j in range(3)])
    grav /= np.linalg.norm(grav, axis=1, keepdims=True)
    rate = np.sum(gyro * grav, axis=1)
    m = max(1, int(0.2 * fs))
    rate = np.convolve(rate, np.ones(m) / m, mode="same")  # light smoothing of sensor noise
    turning = np.abs(rate) > 30.0
    turns = []
    i = 0
    while i < n:
        if not turning[i]:
            i += 1
            continue
        j = i
        while j < n and turning[j] and np.sign(rate[j]) == np.sign(rate[i]):
            j += 1
        angle = rate[i:j].sum() / fs
        if abs(angle) >= 60:
            turns.append((float((i + j) / 2 / fs), float(angle)))
        i = j
    return turns
