"""Tilt-compensated compass with the gravity direction low-passed from the accelerometer, but
using the magnetometer readings as they come (no calibration of the phone's own field)."""
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
    up = sosfiltfilt(butter(2, 0.3, fs=fs, output="sos"), acc, axis=0)
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    east = np.cross(mag, up)
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(up, east)
    return np.degrees(np.arctan2(east[:, 1], north[:, 1])) % 360
