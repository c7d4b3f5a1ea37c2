"""Reference solution for cg_imu_zupt."""

import numpy as np


def detect_stance(acc, gyro, fs, g=9.81, acc_tol=0.4, gyro_tol=0.5, min_duration_s=0.08):
    """Stance mask: |‖a‖ - g| < acc_tol and ‖ω‖ < gyro_tol, runs shorter than L removed."""
    a = np.asarray(acc, dtype=np.float64)
    w = np.asarray(gyro, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3 or w.shape != a.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")

    acc_ok = np.abs(np.linalg.norm(a, axis=1) - g) < acc_tol
    gyro_ok = np.linalg.norm(w, axis=1) < gyro_tol
    candidate = acc_ok & gyro_ok
    min_len = int(round(min_duration_s * fs))

    stance = np.zeros(a.shape[0], dtype=bool)
    i, n = 0, a.shape[0]
    while i < n:
        if not candidate[i]:
            i += 1
            continue
        j = i
        while j < n and candidate[j]:
            j += 1                          # run is candidate[i:j]
        if j - i >= min_len:
            stance[i:j] = True
        i = j
    return stance
