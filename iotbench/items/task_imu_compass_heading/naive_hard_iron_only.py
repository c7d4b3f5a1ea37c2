"""Tilt-compensated compass with the gravity direction low-passed from the accelerometer and a
hard-iron calibration: the centre of the sphere that best fits the calibration samples is
removed from every magnetometer reading (the field's shape is taken as a sphere)."""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def compass_heading(mag, acc, fs):
    mag = np.asarray(mag, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if mag.ndim != 2 or mag.shape[1] != 3 or acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("mag and acc must have shape (n, 3)")
    if len(mag) != len(acc):
        raise ValueError("length mismatch")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(mag) < 25 * fs:
        raise ValueError("record too short")
    cal = mag[:int(20 * fs)]
    # |m - c|^2 = r^2  <=>  2 m.c + (r^2 - |c|^2) = |m|^2, linear in c
    design = np.column_stack([2 * cal, np.ones(len(cal))])
    solution, *_ = np.linalg.lstsq(design, np.sum(cal ** 2, axis=1), rcond=None)
    m = mag - solution[:3]
    up = sosfiltfilt(butter(2, 0.3, fs=fs, output="sos"), acc, axis=0)
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    east = np.cross(m, up)
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(up, east)
    return np.degrees(np.arctan2(east[:, 1], north[:, 1])) % 360
