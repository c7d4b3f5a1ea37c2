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
    mag = np.linalg.norm(acc, axis=1)
    falls = []
    i = 0
    while i < n:
        if mag[i] < 0.6:  # free fall
            window = mag[i:i + int(1.0 * fs)]
            k = int(np.argmax(window))
            if window[k] > 2.5:  # impact
                impact = i + k
                after = mag[impact + int(1.0 * fs):impact + int(3.0 * fs)]
                if len(after) and after.std() < 0.1:  # lying still afterwards
                    falls.append(impact / fs)
                    i = impact + int(3.0 * fs)
                    continue
        i += 1
    return [float(t) for t in falls]
