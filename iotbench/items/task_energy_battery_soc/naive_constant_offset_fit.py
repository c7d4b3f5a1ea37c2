"""Careful generalist (the v1 reference): coulomb counting whose two unknowns (initial state of
charge and the current sensor's zero offset) are fitted by least squares to open-circuit-voltage
anchors at the end of long idle periods. It treats the sensor's zero as one constant for the
whole log, so it misses the Hall sensor's temperature drift."""
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


def _rest_runs(t, i):
    """Runs of samples in which the (offset) current sits at its zero level."""
    low = np.abs(i) < 0.2
    zero = np.median(i[low]) if low.any() else 0.0
    rest = np.abs(i - zero) < 0.06
    runs, start = [], None
    for k in range(len(t) + 1):
        if k < len(t) and rest[k]:
            if start is None:
                start = k
        elif start is not None:
            if t[k - 1] - t[start] >= MIN_REST_S:
                runs.append((start, k - 1))
            start = None
    return runs, zero


def estimate_soc(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t, v, i, ts, tv = _validate(t, voltage, current, capacity_ah, table_soc, table_ocv)
    q = np.concatenate([[0.0], np.cumsum(0.5 * (i[1:] + i[:-1]) * np.diff(t))])  # A*s
    scale = 100.0 / (capacity_ah * 3600.0)
    runs, zero = _rest_runs(t, i)
    anchors = []
    for a, b in runs:
        tail = t >= t[b] - TAIL_S
        tail[:a] = False
        tail[b + 1:] = False
        soc = np.interp(np.median(v[tail]), tv, ts)
        anchors.append((b, soc, t[b] - t[a]))
    tau = t - t[0]
    if len(anchors) >= 2:
        idx = np.array([a[0] for a in anchors])
        y = np.array([a[1] for a in anchors])
        w = np.sqrt(np.minimum(np.array([a[2] for a in anchors]), 3600.0))
        # soc_k = soc0 - scale * (q_k - offset * tau_k)
        design = np.column_stack([np.ones(len(idx)), scale * tau[idx]])
        rhs = y + scale * q[idx]
        sol, *_ = np.linalg.lstsq(design * w[:, None], rhs * w, rcond=None)
        soc0, offset = sol
    elif anchors:
        offset = zero
        k, y, _ = anchors[0]
        soc0 = y + scale * (q[k] - offset * tau[k])
    else:
        offset = zero
        soc0 = np.interp(v[0] + 0.1 * i[0], tv, ts)
    soc = soc0 - scale * (q - offset * tau)
    return np.clip(soc, 0.0, 100.0)
