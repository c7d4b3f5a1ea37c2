"""Posture-first fall detection: track the trunk's tilt away from the wearer's own upright
posture (the gravity direction while walking), find the moments the wearer enters a lying
posture quickly, and call it a fall only when a hard impact accompanies that transition."""
import numpy as np


def _moving_mean(x, w):
    w = max(1, int(w))
    kernel = np.ones(w) / w
    if x.ndim == 1:
        return np.convolve(x, kernel, mode="same")
    return np.column_stack([np.convolve(x[:, k], kernel, mode="same") for k in range(x.shape[1])])


def detect_falls(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 4 * fs:
        return []
    mag = np.linalg.norm(acc, axis=1)
    grav = _moving_mean(acc, fs)                       # 1 s average: gravity direction
    grav /= np.maximum(np.linalg.norm(grav, axis=1, keepdims=True), 1e-6)
    # the wearer's upright posture: gravity direction while walking (rhythmic, moderate motion)
    local_std = np.sqrt(np.maximum(_moving_mean(mag ** 2, 2 * fs) - _moving_mean(mag, 2 * fs) ** 2, 0))
    walking = (local_std > 0.07) & (local_std < 0.6)
    ref = np.median(grav[walking] if walking.sum() > 2 * fs else grav, axis=0)
    ref /= np.linalg.norm(ref)
    tilt = np.degrees(np.arccos(np.clip(grav @ ref, -1, 1)))
    lying = tilt > 60
    # keep lying spells of at least 2 s
    falls = []
    i = 0
    while i < n:
        if not lying[i]:
            i += 1
            continue
        j = i
        while j < n and lying[j]:
            j += 1
        if j - i >= 2 * fs:
            lo = max(0, i - int(3 * fs))
            was_upright = tilt[lo:i].min() < 35 if i > lo else False
            window = mag[lo:min(n, i + int(1.5 * fs))]
            k = int(np.argmax(window))
            if was_upright and window[k] > 2.0:
                t = (lo + k) / fs
                if not falls or t - falls[-1] > 3:
                    falls.append(float(t))
        i = j
    return falls
