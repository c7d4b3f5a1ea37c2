"""Heading straight from the horizontal magnetometer axes of the phone, as for a phone lying
flat: atan2 of the x and y field components, smoothed a little."""
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
    k = max(1, int(0.2 * fs))
    box = np.ones(k) / k
    mx = np.convolve(mag[:, 0], box, mode="same")
    my = np.convolve(mag[:, 1], box, mode="same")
    return np.degrees(np.arctan2(-mx, my)) % 360
