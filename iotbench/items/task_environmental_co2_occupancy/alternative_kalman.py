"""Occupancy by a Kalman filter and Rauch-Tung-Striebel smoother on the exact discrete-time model
of a well-mixed ventilated room (a different method from the reference's local-slope mass
balance).

State: the CO2 excess over the outdoor level (ppm) and the head count N (a random walk). Over one
reading interval the excess relaxes towards N times the steady-state rise per person with the
room's time constant V/Q. The outdoor level as the sensor sees it (with its offset) is taken as a
robust low level of the record: the building is empty at night and the room air returns to
outdoor level within a few time constants."""
import numpy as np


def estimate_occupancy(co2_ppm, interval_s, volume_m3, ventilation_m3_per_h, co2_per_person_lps):
    y = np.asarray(co2_ppm, dtype=float)
    if y.ndim != 1:
        raise ValueError("co2_ppm must be a 1-D array")
    if not (interval_s > 0 and volume_m3 > 0 and ventilation_m3_per_h > 0
            and co2_per_person_lps > 0):
        raise ValueError("interval, volume, ventilation and CO2 rate must be positive")
    n = y.size
    if n < 3:
        return np.zeros(n)
    k = max(1, int(round(900 / interval_s)))
    padded = np.pad(y, (k, k), mode="edge")
    running_mean = np.convolve(padded, np.ones(2 * k + 1) / (2 * k + 1), mode="valid")
    outdoor = np.percentile(running_mean, 2)
    per_person = co2_per_person_lps * 3.6 / ventilation_m3_per_h * 1e6  # ppm at steady state
    a = np.exp(-ventilation_m3_per_h / volume_m3 * interval_s / 3600.0)
    f = np.array([[a, (1 - a) * per_person], [0.0, 1.0]])
    q = np.diag([4.0 * interval_s / 60.0, 0.08 * interval_s / 60.0])  # model slack, N drift
    r = 8.0 ** 2
    x = np.array([max(y[0] - outdoor, 0.0), 0.0])
    p = np.diag([100.0 ** 2, 4.0])
    xs_pred, ps_pred, xs, ps = [], [], [], []
    for i in range(n):
        if i:
            x = f @ x
            p = f @ p @ f.T + q
        xs_pred.append(x)
        ps_pred.append(p)
        innov = y[i] - outdoor - x[0]
        s = p[0, 0] + r
        gain = p[:, 0] / s
        x = x + gain * innov
        p = p - np.outer(gain, p[0, :])
        xs.append(x)
        ps.append(p)
    smoothed = xs[-1]
    p_s = ps[-1]
    out = np.empty(n)
    out[-1] = smoothed[1]
    for i in range(n - 2, -1, -1):
        c = ps[i] @ f.T @ np.linalg.inv(ps_pred[i + 1])
        smoothed = xs[i] + c @ (smoothed - xs_pred[i + 1])
        p_s = ps[i] + c @ (p_s - ps_pred[i + 1]) @ c.T
        out[i] = smoothed[1]
    return np.clip(out, 0.0, None)
