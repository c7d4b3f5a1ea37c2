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
    # gravity by a first-order low-pass of the accelerometer
    alpha = 0.9
    grav = np.empty_like(acc)
    g = acc[0].copy()
    for i in range(n):
        g = alpha * g + (1 - alpha) * acc[i]
        grav[i] = g
    grav /= np.linalg.norm(grav, axis=1, keepdims=True)
    # yaw rate = gyro projected on the vertical
    rate = np.sum(gyro * grav, axis=1)
    heading = np.cumsum(rate) / fs
    # a turn: heading changes by more than 60 degrees within 3 seconds
    turns = []
    w = int(3 * fs)
    i = 0
    while i + w < n:
        change = heading[i + w] - heading[i]
        if abs(change) >= 60:
            seg = np.abs(rate[i:i + w])
            centre = (i + np.argmax(seg)) / fs
            # extend to the end of the rotation
            j = i + w
            while j < n - 1 and np.sign(rate[j]) == np.sign(change) and abs(rate[j]) > 10:
                j += 1
            turns.append((float(centre), float(heading[j] - heading[i])))
            i = j + int(fs)
        else:
            i += max(1, int(0.1 * fs))
    return turns
