import numpy as np
from scipy.signal import find_peaks


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
    mag = np.linalg.norm(acc, axis=1)
    peaks, _ = find_peaks(mag, height=2.0, distance=int(1.5 * fs))
    falls = []
    for p in peaks:
        after = acc[p + int(1.5 * fs):p + int(4 * fs)]
        if len(after) == 0:
            continue
        g = after.mean(axis=0)
        # upright wearer: gravity along the device's vertical (z) axis; lying: z horizontal
        tilt = np.degrees(np.arccos(np.clip(abs(g[2]) / np.linalg.norm(g), 0, 1)))
        if tilt > 60 and np.linalg.norm(after, axis=1).std() < 0.15:
            if not falls or p / fs - falls[-1] > 3:
                falls.append(p / fs)
    return [float(t) for t in falls]
