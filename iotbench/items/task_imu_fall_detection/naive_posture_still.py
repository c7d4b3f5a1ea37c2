import numpy as np


def detect_falls(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 3 * fs:
        return []
    w = int(fs)
    kernel = np.ones(w) / w
    grav = np.column_stack([np.convolve(acc[:, k], kernel, mode="same") for k in range(3)])
    grav /= np.linalg.norm(grav, axis=1, keepdims=True)
    falls = []
    i = int(3 * fs)
    while i < n - int(3 * fs):
        before = grav[i - int(2 * fs)]
        after = grav[i + int(2 * fs)]
        angle = np.degrees(np.arccos(np.clip(before @ after, -1, 1)))
        rate = np.linalg.norm(gyro[i - w:i + w], axis=1).max()
        still = np.linalg.norm(acc[i + 2 * w:i + 4 * w], axis=1).std() < 0.1
        if angle > 60 and rate > 60 and still:
            falls.append(i / fs)
            i += int(10 * fs)
            continue
        i += max(1, int(0.1 * fs))
    return [float(t) for t in falls]
