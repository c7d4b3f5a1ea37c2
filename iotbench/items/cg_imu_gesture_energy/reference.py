"""Reference solution for cg_imu_gesture_energy."""

import numpy as np


def gesture_energy(acc, fs):
    """Energy-type features of one gesture segment of a 3-axis accelerometer."""
    a = np.asarray(acc, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3 or a.shape[0] < 2:
        raise ValueError("acc must have shape (n, 3) with n >= 2")
    if fs <= 0:
        raise ValueError("fs must be positive")
    d = a - a.mean(axis=0)                     # remove gravity / offsets per axis
    jerk = np.diff(a, axis=0) * fs
    return {
        "duration_s": a.shape[0] / fs,
        "energy": float(np.mean(np.sum(d ** 2, axis=1))),
        "sma": float(np.mean(np.sum(np.abs(d), axis=1))),
        "peak": float(np.max(np.sqrt(np.sum(d ** 2, axis=1)))),
        "jerk_rms": float(np.sqrt(np.mean(np.sum(jerk ** 2, axis=1)))),
    }
