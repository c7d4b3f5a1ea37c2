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
    # yaw rate = rotation about the phone's z axis, bias removed with the median
    rate = gyro[:, 2] - np.median(gyro[:, 2])
    k = max(1, int(fs))
    rate = np.convolve(rate, np.ones(k) / k, mode="same")
    heading = np.cumsum(rate) / fs
    turns = []
    i = 0
    w = int(3 * fs)
    while i + w < n:
        change = heading[i + w] - heading[i]
        if abs(change) >= 60:
            seg = np.abs(rate[i:i + w])
            centre = (i + np.argmax(seg)) / fs
            turns.append((float(centre), float(change)))
            i += w
        else:
            i += max(1, int(0.2 * fs))
    return turns
