"""State of charge from a logged Li-ion record: coulomb counting whose unknowns (initial state
of charge and the current sensor's zero offset, which drifts slowly with temperature) are fitted
by regularised least squares to open-circuit-voltage anchors taken at the end of long rests,
when the cell has relaxed. The offset is piecewise linear in time with knots at the anchors."""
import numpy as np

MIN_REST_S = 600.0  # polarisation needs several minutes to die away
TAIL_S = 60.0


def _validate(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t = np.asarray(t, dtype=float)
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    ts = np.asarray(table_soc, dtype=float)
    tv = np.asarray(table_ocv, dtype=float)
    if t.ndim != 1 or v.shape != t.shape or i.shape != t.shape or t.size < 2:
        raise ValueError("t, voltage and current must be 1-D arrays of equal length >= 2")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if not capacity_ah > 0:
        raise ValueError("capacity must be positive")
    if ts.ndim != 1 or ts.shape != tv.shape or ts.size < 2:
        raise ValueError("OCV table columns must have equal length >= 2")
    order = np.argsort(tv)
    return t, v, i, ts[order], tv[order]


def _window_stats(t, x, half):
    lo = np.searchsorted(t, t - half)
    hi = np.searchsorted(t, t + half, side="right")
    c1 = np.concatenate([[0.0], np.cumsum(x)])
    c2 = np.concatenate([[0.0], np.cumsum(x * x)])
    cnt = hi - lo
    mean = (c1[hi] - c1[lo]) / cnt
    var = np.maximum((c2[hi] - c2[lo]) / cnt - mean ** 2, 0.0)
    return mean, np.sqrt(var)


def _rest_runs(t, i):
    """Runs in which the current reading is small and steady (the device idles, the charger is
    off): the sensor's zero moves slowly, so steadiness, not a fixed zero level, marks a rest."""
    mean, std = _window_stats(t, i, 30.0)
    rest = (std < 0.035) & (np.abs(mean) < 0.3)
    runs, start = [], None
    for k in range(len(t) + 1):
        if k < len(t) and rest[k]:
            if start is None:
                start = k
        elif start is not None:
            a, b = start, k - 1
            start = None
            if t[b] - t[a] < MIN_REST_S:
                continue
            head = (t >= t[a]) & (t <= t[a] + 120.0)
            tail = (t >= t[b] - 120.0) & (t <= t[b])
            if abs(np.mean(i[head]) - np.mean(i[tail])) > 0.03:
                continue  # a decaying charger tail, not a rest
            runs.append((a, b))
    return runs


def estimate_soc(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t, v, i, ts, tv = _validate(t, voltage, current, capacity_ah, table_soc, table_ocv)
    q = np.concatenate([[0.0], np.cumsum(0.5 * (i[1:] + i[:-1]) * np.diff(t))])  # A*s
    scale = 100.0 / (capacity_ah * 3600.0)
    anchors = []
    for a, b in _rest_runs(t, i):
        tail = (t >= t[b] - TAIL_S) & (t >= t[a]) & (t <= t[b])
        soc = np.interp(np.median(v[tail]), tv, ts)
        anchors.append((b, soc, t[b] - t[a]))
    tau = t - t[0]
    if not anchors:
        low = np.abs(i) < 0.3
        zero = float(np.median(i[low])) if low.any() else 0.0
        soc0 = np.interp(v[0] + 0.1 * i[0], tv, ts)
        return np.clip(soc0 - scale * (q - zero * tau), 0.0, 100.0)
    idx = np.array([a[0] for a in anchors])
    y = np.array([a[1] for a in anchors])
    if len(anchors) == 1:
        low = np.abs(i) < 0.3
        zero = float(np.median(i[low])) if low.any() else 0.0
        k = idx[0]
        soc0 = y[0] + scale * (q[k] - zero * tau[k])
        return np.clip(soc0 - scale * (q - zero * tau), 0.0, 100.0)
    # unknowns: soc0 and the offset at every anchor time; the offset is linear in time between
    # anchors and constant before the first and after the last one
    m = len(idx)
    knots = tau[idx]
    basis = np.zeros((len(t), m))  # integral of the offset up to each sample, per knot value
    for j in range(m):
        unit = np.zeros(m)
        unit[j] = 1.0
        rate = np.interp(tau, knots, unit)
        basis[:, j] = np.concatenate([[0.0], np.cumsum(0.5 * (rate[1:] + rate[:-1])
                                                      * np.diff(tau))])
    sigma_anchor = 0.7  # percent
    rows = [np.column_stack([np.ones(m), scale * basis[idx]]) / sigma_anchor]
    rhs = [(y + scale * q[idx]) / sigma_anchor]
    step = np.zeros((m - 1, m + 1))
    for j in range(m - 1):
        step[j, j + 1], step[j, j + 2] = -1.0, 1.0
    sigma_step = 0.04  # A between neighbouring anchors: the zero drifts slowly
    rows.append(step / sigma_step)
    rhs.append(np.zeros(m - 1))
    sol, *_ = np.linalg.lstsq(np.vstack(rows), np.concatenate(rhs), rcond=None)
    soc = sol[0] - scale * (q - basis @ sol[1:])
    return np.clip(soc, 0.0, 100.0)
