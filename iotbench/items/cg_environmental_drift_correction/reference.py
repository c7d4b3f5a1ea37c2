import numpy as np


def correct_drift(t, values, ref_t, ref_values):
    """Fit the sensor-minus-reference error linearly in time and subtract it."""
    t = np.asarray(t, dtype=np.float64)
    y = np.asarray(values, dtype=np.float64)
    rt = np.asarray(ref_t, dtype=np.float64)
    ry = np.asarray(ref_values, dtype=np.float64)
    if t.ndim != 1 or t.shape != y.shape or rt.ndim != 1 or rt.shape != ry.shape:
        raise ValueError("inputs must be 1-D with matching lengths")
    if rt.size == 0:
        raise ValueError("need at least one reference check")
    if t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("t must have at least two strictly increasing samples")
    if not all(np.all(np.isfinite(a)) for a in (t, y, rt, ry)):
        raise ValueError("inputs must be finite")
    if np.any(rt < t[0]) or np.any(rt > t[-1]):
        raise ValueError("reference checks must lie within the field record")
    err = np.interp(rt, t, y) - ry
    if np.unique(rt).size >= 2:
        # Least squares on centred times for conditioning, then shift back to t = 0.
        tc = rt.mean()
        dt = rt - tc
        rate = float(np.sum(dt * err) / np.sum(dt * dt))
        offset = float(err.mean() - rate * tc)
    else:
        rate = 0.0
        offset = float(err.mean())
    corrected = y - (offset + rate * t)
    return corrected, offset, rate
