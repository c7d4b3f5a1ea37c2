"""The impulse-momentum method as for single jumps: integrate the calibrated acceleration
magnitude from the last still stance (within 4 s) before each flight to the first moment the
force vanishes, height = v^2 / (2 g). Misses that a drop jump and the rebounds of a series have
no still moment before their push-off: the integration then stops at the earlier flight (the fall
off the box, the previous jump), finds no upward velocity and drops the jump."""
import numpy as np

G = 9.81
QUIET_STD_G = 0.03


def _runs(mask):
    """(start, end) index pairs of runs of True."""
    d = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


def jump_heights(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < fs:
        return []
    mag = np.linalg.norm(acc, axis=1)
    k = max(2, int(0.3 * fs))
    # moving standard deviation of the magnitude over 0.3 s (window ending at each sample)
    c1 = np.concatenate([[0.0], np.cumsum(mag)])
    c2 = np.concatenate([[0.0], np.cumsum(mag * mag)])
    mean = (c1[k:] - c1[:-k]) / k
    std = np.sqrt(np.maximum((c2[k:] - c2[:-k]) / k - mean * mean, 0.0))
    quiet_end = np.full(n, False)
    # a still window (about 1 g, steady) ends at this sample
    quiet_end[k - 1:] = (std < QUIET_STD_G) & (np.abs(mean - 1.0) < 0.2)
    out = []
    for a, b in _runs(mag < 0.3):
        if b - a < 0.15 * fs:
            continue
        offset = np.median(acc[a + (b - a) // 4:b - (b - a) // 4], axis=0)
        # the last still stance (or held squat) before the flight, ending at most 4 s before:
        # the body's velocity is zero there, and its median reading is 1 g
        lo = max(k - 1, a - int(4 * fs))
        still = np.flatnonzero(quiet_end[lo:a]) + lo
        if len(still) == 0:
            continue
        end = int(still[-1])
        start = end
        while start > k - 1 and quiet_end[start - 1]:
            start -= 1
        # gain reference: the whole still stretch; integration: from its last still window
        # (a short integration keeps the residual gain error from accumulating)
        ref = np.median(np.linalg.norm(acc[start - k + 1:end + 1] - offset, axis=1))
        s = end - k + 1
        f = np.linalg.norm(acc[s:b] - offset, axis=1) / ref         # specific force, in g
        # takeoff: the ground reaction force reaches zero
        near = np.flatnonzero(f < 0.05)
        if len(near) == 0:
            continue
        to = int(near[0])
        v0 = G * np.sum(f[:to] - 1.0) / fs
        if v0 <= 0.5:                         # no push-off: a fall or a step down
            continue
        out.append((float((s + to) / fs), float(100 * v0 * v0 / (2 * G))))
    return out
