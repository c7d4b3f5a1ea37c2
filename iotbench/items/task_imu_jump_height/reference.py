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
MAX_BACK_S = 10.0   # how far back the last still stance may lie (a series of jumps)


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
    # a still window (standing, not falling: about 1 g) ends at this sample
    quiet_end[k - 1:] = (std < QUIET_STD_G) & (np.abs(mean - 1.0) < 0.2)
    airborne = mag < 0.3                              # no force on the sensor: in flight
    flights = [(p, q) for p, q in _runs(airborne) if q - p >= 0.15 * fs]
    out = []
    for a, b in flights:
        # the last still stance (or held squat) before the flight: the body's velocity is zero
        # there, and its median reading is 1 g. In a drop jump or a series of rebound jumps it
        # lies before the step off the box or before the first jump of the series.
        lo = max(k - 1, a - int(MAX_BACK_S * fs))
        still = np.flatnonzero(quiet_end[lo:a]) + lo
        if len(still) == 0:
            continue
        end = int(still[-1])
        start = end
        while start > k - 1 and quiet_end[start - 1]:
            start -= 1
        # gain reference: the whole still stretch; integration: from its last still window
        # (a short integration keeps the residual gain error from accumulating)
        s = end - k + 1
        # the offset from every flight on the way (a series has several): the more samples,
        # the less of the noise is left in it to be integrated
        mids = [np.arange(p + (q - p) // 4, q - (q - p) // 4) for p, q in flights if s <= p <= a]
        offset = np.median(acc[np.concatenate(mids)], axis=0)
        ref = np.median(np.linalg.norm(acc[start - k + 1:end + 1] - offset, axis=1))
        f = np.linalg.norm(acc[s:a] - offset, axis=1) / ref          # specific force, in g
        # earlier flights on the way (the fall off the box, the previous jumps of a series):
        # there the force is exactly zero (the magnitude of the noise is not); the last
        # moments of each push-off, with some force left, still count
        f[airborne[s:a] & (f < 0.1)] = 0.0
        # takeoff: where the ground reaction force last reached zero before this flight
        pushing = np.flatnonzero(f >= 0.05)
        if len(pushing) == 0:
            continue
        to = int(pushing[-1]) + 1
        v0 = G * np.sum(f[:to] - 1.0) / fs
        if v0 <= 0.5:                         # no push-off: a fall or a step down
            continue
        out.append((float((s + to) / fs), float(100 * v0 * v0 / (2 * G))))
    return out
