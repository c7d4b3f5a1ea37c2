"""Fall detection for a waist-worn IMU: a fall is an impact, a change of trunk posture from
upright to lying (measured as the angle between the gravity direction seen before and after the
impact, so the way the sensor is clipped on does not matter) and a quiet period on the floor.
Impacts alone are ambiguous (jumps, runs, sitting down hard); posture change alone is lying
down on a bed."""
import numpy as np
from scipy.signal import find_peaks

IMPACT_G = 2.0          # falls at the waist produce peaks well above 2 g
MIN_POSTURE_DEG = 55.0  # upright -> lying is a 70-110 degree change; sitting/reclining less
QUIET_STD_G = 0.15


def _direction(acc, lo, hi):
    seg = acc[max(lo, 0):max(hi, 0)]
    if len(seg) == 0:
        return None
    v = np.median(seg, axis=0)
    norm = np.linalg.norm(v)
    return v / norm if norm > 0.3 else None


def detect_falls(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < 3 * fs:
        return []
    mag = np.linalg.norm(acc, axis=1)
    peaks, _ = find_peaks(mag, height=IMPACT_G, distance=max(1, int(1.5 * fs)))
    falls = []
    for p in peaks:
        before = _direction(acc, p - int(4 * fs), p - int(1.2 * fs))
        after = _direction(acc, p + int(1.5 * fs), p + int(4.0 * fs))
        if before is None or after is None:
            continue
        angle = np.degrees(np.arccos(np.clip(before @ after, -1, 1)))
        quiet = mag[p + int(1.5 * fs):p + int(4.0 * fs)].std() < QUIET_STD_G
        if angle >= MIN_POSTURE_DEG and quiet:
            t = p / fs
            if not falls or t - falls[-1] > 3.0:
                falls.append(float(t))
    return falls
