"""Jump height from a waist IMU by the impulse-momentum method: the takeoff velocity is the
integral of the vertical acceleration from the last moment the athlete stood (or squatted)
still until the feet leave the ground, and the height is v^2 / (2 g). Flight time is not used
for the height: athletes land on bent knees, lower than they took off, which lengthens the
flight, and stepping down off a box has a flight without any push-off.
- The acceleration magnitude is orientation free (the clip is on in any orientation and the
  pelvis leans in the dip); the accelerometer's offset is read off during the flight (it then
  measures nothing but its own offset) and its gain off the quiet stance before the jump."""
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
    quiet_end[k - 1:] = std < QUIET_STD_G             # a still window ends at this sample
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
