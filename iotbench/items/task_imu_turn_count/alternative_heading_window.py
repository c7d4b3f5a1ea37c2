"""Alternative: the vertical is the accelerometer averaged over a stride *in a frame held still
by the gyroscope* (a batch smoother, no feedback filter): the phone's attitude is integrated from
the gyro, every accelerometer sample is turned into that frame, averaged over 2 s and turned back
into the phone's frame at each instant, so it follows the thigh's swing. Heading = integral of
the gyro rate about that vertical (after removing a running-median offset), and turns are found
on the heading itself: where the heading change across a 4 s window peaks above 60 degrees; the
angle is the change between the settled headings before and after."""
import math

import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d
from scipy.signal import find_peaks
from scipy.spatial.transform import Rotation

WIN_S = 4.0
AVG_S = 8.0  # s, average of the specific force in the gyro-held frame
MIN_TURN_DEG = 60.0


def _attitude(gyro, fs):
    """Phone-to-start-frame rotation at every sample, integrated from the gyro (quaternions)."""
    dt = 1.0 / fs
    w = np.radians(gyro) * dt
    quats = np.empty((len(w), 4))
    qx, qy, qz, qw = 0.0, 0.0, 0.0, 1.0
    for i, (ax, ay, az) in enumerate(w.tolist()):
        quats[i] = (qx, qy, qz, qw)
        angle = math.sqrt(ax * ax + ay * ay + az * az)
        if angle > 0:
            s = math.sin(angle / 2) / angle
            bx, by, bz, bw = ax * s, ay * s, az * s, math.cos(angle / 2)
            qx, qy, qz, qw = (qw * bx + qx * bw + qy * bz - qz * by,
                              qw * by - qx * bz + qy * bw + qz * bx,
                              qw * bz + qx * by - qy * bx + qz * bw,
                              qw * bw - qx * bx - qy * by - qz * bz)
            norm = math.sqrt(qx * qx + qy * qy + qz * qz + qw * qw)
            qx, qy, qz, qw = qx / norm, qy / norm, qz / norm, qw / norm
    return Rotation.from_quat(quats)


def detect_turns(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 3 * fs:
        return []
    # gravity = what stays when the specific force, seen in a non-rotating frame, is averaged
    # over a couple of strides (the thigh swing and heel strikes average out there; the gyro
    # bias turns that frame only a few degrees within the 2 s average)
    att = _attitude(gyro, fs)
    still = uniform_filter1d(att.apply(acc), size=max(1, int(AVG_S * fs)), axis=0, mode="nearest")
    up = att.inv().apply(still)
    up /= np.maximum(np.linalg.norm(up, axis=1, keepdims=True), 1e-9)
    rate = np.einsum("ij,ij->i", gyro, up)
    # the pelvis turns to and fro at every stride: average the rate over a stride
    rate = uniform_filter1d(rate, size=max(1, int(1.0 * fs)), mode="nearest")
    rate = uniform_filter1d(rate, size=max(1, int(1.2 * fs)), mode="nearest")
    # offset (gyro bias about the vertical, and the slow yaw creep of the swinging thigh):
    # a running median over 30 s, taken again without the turning samples, so that turns that
    # follow each other in one direction do not pull it
    step = max(1, int(fs / 5))
    coarse = rate[::step]
    size = max(3, int(30 * fs / step)) | 1
    first = median_filter(coarse, size=size, mode="nearest")
    masked = np.where(np.abs(coarse - first) < 8.0, coarse, np.nan)
    padded = np.pad(masked, size // 2, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, size)
    kept = np.isfinite(windows).sum(axis=1)
    offset = np.where(kept > size // 4, np.nanmedian(np.where(kept[:, None] > 0, windows, 0.0),
                                                     axis=1), first)
    rate = rate - np.interp(np.arange(n), np.arange(0, n, step), offset)
    heading = np.cumsum(rate) / fs
    half = int(WIN_S * fs / 2)
    padded = np.pad(heading, half, mode="edge")
    change = padded[2 * half:] - padded[:-2 * half]       # heading(t + 2 s) - heading(t - 2 s)
    turns = []
    for sign in (1, -1):
        peaks, _ = find_peaks(sign * change, height=MIN_TURN_DEG * 0.8, distance=int(2 * fs))
        for p in peaks:
            # settled headings: where the smoothed rate is small, on each side of the peak
            lo = p
            while lo > 0 and abs(rate[lo]) > 5:
                lo -= 1
            hi = p
            while hi < n - 1 and abs(rate[hi]) > 5:
                hi += 1
            angle = heading[hi] - heading[lo]
            if abs(angle) >= MIN_TURN_DEG:
                w = np.abs(rate[lo:hi + 1])
                centre = (lo + np.sum(np.arange(len(w)) * w) / np.sum(w)) / fs
                turns.append((float(centre), float(angle)))
    turns.sort()
    merged = []
    for t, a in turns:   # the same rotation found twice
        if merged and abs(t - merged[-1][0]) < 1.0 and np.sign(a) == np.sign(merged[-1][1]):
            continue
        merged.append((t, a))
    return merged
