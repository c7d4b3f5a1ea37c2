"""Reference solution for cg_imu_gyro_integration."""

import numpy as np


def integrate_gyro(gyro, fs, still_s=1.0):
    """Bias-corrected trapezoidal integration of angular rate (rad/s) into angle (rad)."""
    g = np.asarray(gyro, dtype=np.float64)
    if g.ndim not in (1, 2):
        raise ValueError("gyro must be 1-D or 2-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    b = int(round(still_s * fs))
    if not 1 <= b <= g.shape[0]:
        raise ValueError("the rest period must hold between 1 and n samples")

    corrected = g - g[:b].mean(axis=0)           # per-axis bias from the rest period
    angles = np.zeros_like(corrected)
    steps = (corrected[1:] + corrected[:-1]) / 2.0 / fs
    angles[1:] = np.cumsum(steps, axis=0)
    return angles
