"""Alternative: vertical acceleration by orientation tracking instead of the magnitude. Before
each flight, the still stance gives the gravity direction in the sensor frame, the gyroscope
bias and the 1 g reading; the gravity direction is then carried through the push-off by
integrating the bias-corrected gyroscope (the pelvis leans in the dip), the offset-corrected
acceleration is projected on it, and the net vertical acceleration is integrated from the
movement onset to takeoff (where the projected force reaches zero). Height = v^2 / (2 g).
In a drop jump or a series of rebound jumps the last still moment is on the box or before the
first jump: the integration then runs through the earlier flights (force zero) and contacts."""
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
    airborne = mag < 0.3
    air = np.concatenate([[0], airborne.astype(int), [0]])
    edges = np.diff(air)
    w = max(2, int(0.25 * fs))
    flights = [(p, q) for p, q in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))
               if q - p >= 0.15 * fs]
    out = []
    for a, b in flights:
        # the last 0.25 s window before the flight (within 10 s: a drop jump or a series of
        # rebound jumps has no still moment between its flights) in which the sensor was still
        # and bore the body's weight
        best = None
        for end in range(a - 1, max(w, a - int(10 * fs)), -1):
            seg = mag[end - w:end]
            if seg.std() < 0.02 and abs(seg.mean() - 1) < 0.2 and np.abs(np.radians(
                    gyro[end - w:end]) - np.radians(gyro[end - w:end]).mean(axis=0)).max() < \
                    np.radians(8):
                best = end
                break
        if best is None:
            continue
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
        still = acc[first:best] - offset
        g_vec = still.mean(axis=0)
        ref = np.linalg.norm(g_vec)
        up = g_vec / ref
        # gyroscope bias: over the whole still stance (up to 4 s), since the body's own slow
        # sway, averaged over a short window, would pass for bias and then tilt the tracked
        # vertical through the many seconds of a series of jumps
        first_b = first
        while first_b - w > 0 and best - first_b < 4.0 * fs and \
                mag[first_b - w:first_b].std() < 0.02:
            first_b -= w
        bias = np.radians(gyro[first_b:best].mean(axis=0))
        v = 0.0
        takeoff = None
        for i in range(best - w // 2, b):
            up = _rotate_into(up, np.radians(gyro[i]) - bias, 1.0 / fs)
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
