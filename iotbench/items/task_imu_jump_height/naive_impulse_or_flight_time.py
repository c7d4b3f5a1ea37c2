"""Careful generalist: the impulse-momentum method (calibrated magnitude integrated from a still
stance to takeoff) whenever the athlete stood still between the previous landing and the jump,
and the flight-time formula h = g T^2 / 8 for jumps that follow a landing straight away (drop
jumps, rebounds in a series), where there is no still moment to start integrating from."""
import numpy as np

G = 9.81


def _runs(mask):
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
    c1 = np.concatenate([[0.0], np.cumsum(mag)])
    c2 = np.concatenate([[0.0], np.cumsum(mag * mag)])
    mean = (c1[k:] - c1[:-k]) / k
    std = np.sqrt(np.maximum((c2[k:] - c2[:-k]) / k - mean * mean, 0.0))
    quiet_end = np.full(n, False)
    quiet_end[k - 1:] = (std < 0.03) & (np.abs(mean - 1.0) < 0.2)
    flights = [(a, b) for a, b in _runs(mag < 0.3) if b - a >= 0.15 * fs]
    out = []
    prev_end = 0
    for a, b in flights:
        offset = np.median(acc[a + (b - a) // 4:b - (b - a) // 4], axis=0)
        still = np.flatnonzero(quiet_end[prev_end:a]) + prev_end
        if len(still):
            end = int(still[-1])
            start = end
            while start > max(k - 1, prev_end) and quiet_end[start - 1]:
                start -= 1
            ref = np.median(np.linalg.norm(acc[start - k + 1:end + 1] - offset, axis=1))
            s = end - k + 1
            f = np.linalg.norm(acc[s:b] - offset, axis=1) / ref
            near = np.flatnonzero(f < 0.05)
            if len(near):
                to = int(near[0])
                v0 = G * np.sum(f[:to] - 1.0) / fs
                if v0 > 0.5:
                    out.append((float((s + to) / fs), float(100 * v0 * v0 / (2 * G))))
        else:
            # straight from a landing: a jump if the legs pushed hard before the flight
            contact = mag[prev_end:a]
            if len(contact) and contact.max() > 1.8:
                t_flight = (b - a) / fs
                out.append((float(a / fs), float(100 * G * t_flight ** 2 / 8)))
        prev_end = b
    return out
