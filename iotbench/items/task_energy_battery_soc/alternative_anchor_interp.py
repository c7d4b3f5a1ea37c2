"""Different method: raw coulomb counting, corrected by a piecewise-linear drift term that is
pinned to the open-circuit state of charge at the end of every long quiet period (quiet = the
current reading stays small and flat for minutes, wherever the sensor's zero has wandered). Before the first
and after the last anchor the drift rate of the nearest segment is extrapolated."""
import numpy as np


def estimate_soc(t, voltage, current, capacity_ah, table_soc, table_ocv):
    t = np.asarray(t, dtype=float)
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    ts = np.asarray(table_soc, dtype=float)
    tv = np.asarray(table_ocv, dtype=float)
    if t.ndim != 1 or v.shape != t.shape or i.shape != t.shape or t.size < 2:
        raise ValueError("inputs must be 1-D arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if not capacity_ah > 0:
        raise ValueError("capacity must be positive")
    if ts.ndim != 1 or ts.shape != tv.shape or ts.size < 2:
        raise ValueError("bad OCV table")
    order = np.argsort(tv)
    tv, ts = tv[order], ts[order]
    scale = 100.0 / (capacity_ah * 3600.0)
    counted = -scale * np.concatenate([[0.0], np.cumsum(0.5 * (i[1:] + i[:-1]) * np.diff(t))])

    # quiet samples: the locally averaged current is small and flat for a few minutes (the
    # sensor's zero wanders with temperature, so no fixed floor level is assumed)
    w = 15
    smooth = np.convolve(np.pad(i, w // 2, mode="edge"), np.ones(w) / w, mode="valid")
    lo = np.searchsorted(t, t - 90.0)
    hi = np.searchsorted(t, t + 90.0, side="right")
    span = np.array([np.ptp(smooth[a:b]) for a, b in zip(lo, hi)])
    quiet = (span < 0.05) & (np.abs(smooth) < 0.3)
    anchors_t, anchors_err = [], []
    k = 0
    n = len(t)
    while k < n:
        if not quiet[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and quiet[j + 1]:
            j += 1
        first = (t >= t[k]) & (t <= t[k] + 120)
        last = (t >= t[j] - 120) & (t <= t[j])
        steady = abs(np.mean(i[first]) - np.mean(i[last])) < 0.03
        if t[j] - t[k] >= 540 and steady:
            # relaxed: voltage over the last two minutes flat within a few mV
            tail = (t >= t[j] - 120) & (np.arange(n) <= j) & (np.arange(n) >= k)
            soc_ocv = np.interp(np.mean(v[tail]), tv, ts)
            anchors_t.append(t[j])
            anchors_err.append(soc_ocv - counted[j])
        k = j + 1
    if not anchors_t:
        return np.clip(np.interp(v[0], tv, ts) + counted, 0.0, 100.0)
    at = np.array(anchors_t)
    ae = np.array(anchors_err)
    corr = np.interp(t, at, ae)
    if len(at) >= 2:
        slope_first = (ae[1] - ae[0]) / (at[1] - at[0])
        slope_last = (ae[-1] - ae[-2]) / (at[-1] - at[-2])
        before = t < at[0]
        after = t > at[-1]
        corr[before] = ae[0] + slope_first * (t[before] - at[0])
        corr[after] = ae[-1] + slope_last * (t[after] - at[-1])
    return np.clip(counted + corr, 0.0, 100.0)
