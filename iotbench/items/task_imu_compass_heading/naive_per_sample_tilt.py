"""The careful generalist: hard-iron offset from the calibration part (midpoint of each axis's
minimum and maximum), tilt compensation at every sample from that sample's accelerometer
reading (pitch and roll from gravity), heading of the phone's top clockwise from north."""
import numpy as np


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
    offset = (cal.max(axis=0) + cal.min(axis=0)) / 2
    m = mag - offset
    up = acc / np.linalg.norm(acc, axis=1, keepdims=True)
    east = np.cross(m, up)
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(up, east)
    return np.degrees(np.arctan2(east[:, 1], north[:, 1])) % 360
