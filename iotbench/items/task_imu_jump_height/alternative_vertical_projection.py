"""Alternative: vertical acceleration by orientation tracking instead of the magnitude. Before
each flight, the still stance gives the gravity direction in the sensor frame and the 1 g
reading; the gravity direction is then carried through the push-off by integrating the
bias-corrected gyroscope (the pelvis leans in the dip), the offset-corrected acceleration is
projected on it, and the net vertical acceleration is integrated from the movement onset to
takeoff (where the projected force reaches zero). Height = v^2 / (2 g).
In a drop jump or a series of rebound jumps the last still moment is on the box or before the
first jump: the integration then runs through the earlier flights (force zero) and contacts.
The gyroscope bias is a property of the sensor: it is averaged over every still moment of the
recording (the body's own sway and roll over one short stance would pass for bias), and the
tracking starts from the gravity direction of that instant (the pelvis rolls by a degree or
two within a second of standing)."""
import numpy as np

G = 9.81


def _rotate_into(v, w, dt):
    """A world-fixed vector v seen from a sensor turning at w (rad/s) for dt (Rodrigues)."""
    th = np.linalg.norm(w) * dt
    if th < 1e-12:
        return v
    u = -w / np.linalg.norm(w)
    return v * np.cos(th) + np.cross(u, v) * np.sin(th) + u * (u @ v) * (1 - np.cos(th))


def jump_heights(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    if n < fs:
        return []
    mag = np.linalg.norm(acc, axis=1)
    rate = np.radians(gyro)
    w = max(2, int(0.25 * fs))
    # still windows of 0.25 s (ending at each sample): the sensor bore the body's weight and
    # did not turn
    windows = np.lib.stride_tricks.sliding_window_view(mag, w)
    turning = np.lib.stride_tricks.sliding_window_view(rate, w, axis=0)
    turning = np.abs(turning - turning.mean(axis=2, keepdims=True)).max(axis=(1, 2))
    still_end = np.zeros(n + 1, dtype=bool)
    still_end[w:] = ((windows.std(axis=1) < 0.02) & (np.abs(windows.mean(axis=1) - 1) < 0.2)
                     & (turning < np.radians(8)))
    if not still_end.any():
        return []
    still = np.zeros(n, dtype=bool)
    for end in np.flatnonzero(still_end):
        still[end - w:end] = True
    # gyroscope bias: the sensor's own, averaged over every still moment of the recording (over
    # one short stance the body's slow roll and sway would pass for bias and tilt the tracked
    # vertical through the seconds of a series of jumps)
    bias = rate[still].mean(axis=0)
    airborne = mag < 0.3
    air = np.concatenate([[0], airborne.astype(int), [0]])
    edges = np.diff(air)
    flights = [(p, q) for p, q in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))
               if q - p >= 0.15 * fs]
    out = []
    for a, b in flights:
        # the last 0.25 s window before the flight (within 10 s: a drop jump or a series of
        # rebound jumps has no still moment between its flights) in which the sensor was still
        # and bore the body's weight
        lo = max(w, a - int(10 * fs)) + 1
        ends = np.flatnonzero(still_end[lo:a]) + lo
        if len(ends) == 0:
            continue
        best = int(ends[-1])
        # the reading with no force: the mean over every flight from there to this one
        mids = [acc[p + (q - p) // 4:q - (q - p) // 4] for p, q in flights if best <= p <= a]
        offset = np.concatenate(mids).mean(axis=0)
        # a still window right at the onset may already hold the first, slow part of the dip:
        # step back while the window 0.3 s earlier is still as well
        shift = int(0.3 * fs)
        if best - shift - w > 0 and mag[best - shift - w:best - shift].std() < 0.02:
            best -= shift
        # calibrate over as much of the still stance as there is (up to 1 s): the 1 g
        # reading must be precise, its error is integrated through the whole push-off
        first = best - w
        while first - w > 0 and best - first < 1.0 * fs and mag[first - w:first].std() < 0.02:
            first -= w
        ref = np.linalg.norm((acc[first:best] - offset).mean(axis=0))
        # the gravity direction at the start of the integration: the pelvis rolls by a degree
        # or two within a second of standing, so from the window around that instant
        start = best - w // 2
        up = (acc[start - w // 2:start + w // 2 + 1] - offset).mean(axis=0)
        up /= np.linalg.norm(up)
        v = 0.0
        takeoff = None
        for i in range(start, b):
            up = _rotate_into(up, rate[i] - bias, 1.0 / fs)
            up /= np.linalg.norm(up)
            force = acc[i] - offset
            f = force @ up / ref
            if f > 1.2:
                # complementary correction: while the legs push hard the force is nearly
                # vertical, which keeps the gyro-tracked vertical from drifting over a series
                d = force / np.linalg.norm(force)
                up = up + (1.0 / (0.5 * fs)) * (d - (d @ up) * up)
                up /= np.linalg.norm(up)
            if i >= a - int(0.05 * fs) and f < 0.05:
                takeoff = i
                break
            if airborne[i] and abs(f) < 0.1:
                f = 0.0                        # an earlier flight: no force at all
            v += G * (f - 1.0) / fs
        if takeoff is None or v <= 0.5:
            continue
        out.append((float(takeoff / fs), float(100 * v * v / (2 * G))))
    return out
