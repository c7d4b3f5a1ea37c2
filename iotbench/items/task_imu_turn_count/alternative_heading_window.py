"""Alternative: vertical = accelerometer averaged over a few strides (no gyro tracking), heading
= integral of the gyro rate about it (after removing a running-median offset), and turns are
found on the heading itself: where the heading change across a 4 s window peaks above 60
degrees; the angle is the change between the settled headings before and after."""
import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d
from scipy.signal import find_peaks

WIN_S = 4.0
MIN_TURN_DEG = 60.0


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
    grav = uniform_filter1d(acc, size=max(1, int(2.0 * fs)), axis=0, mode="nearest")
    grav /= np.maximum(np.linalg.norm(grav, axis=1, keepdims=True), 1e-9)
    rate = np.einsum("ij,ij->i", gyro, grav)
    rate = uniform_filter1d(rate, size=max(1, int(1.0 * fs)), mode="nearest")
    rate = uniform_filter1d(rate, size=max(1, int(1.2 * fs)), mode="nearest")
    step = max(1, int(fs / 5))
    coarse = median_filter(rate[::step], size=max(3, int(30 * fs / step)), mode="nearest")
    rate = rate - np.interp(np.arange(n), np.arange(0, n, step), coarse)
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
