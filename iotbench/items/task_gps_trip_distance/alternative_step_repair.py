"""Alternative: repair the track in the velocity domain and rebuild it by dead reckoning.
Between receiver gaps the track is a chain of steps (fix to fix). A multipath episode or a wild
fix shows up as one or two steps whose velocity is far (> 10 m/s) from the running median
velocity (over 21 steps, so that several overlapping episodes cannot take it over); while an
episode holds, the steps are normal. Each such jump step is replaced by the median velocity
times its duration and the steps are summed again: the rebuilt track has the excursions
removed. Its length (moving-averaged over +-1.5 s, a standing vehicle's positions merged into
one, counted over movements larger than the noise) is the piece's distance; pieces are joined
across gaps by straight lines between their positions corrected by the median offset between
raw and rebuilt track."""
import math

import numpy as np
from scipy.ndimage import median_filter

EARTH_R = 6371008.8
GAP_S = 10.0
JUMP_MPS = 10.0
STEP_M = 8.0
STAND_M = 15.0
STAND_S = 30.0


def _collapse_stands(t, p):
    """Positions of a standing vehicle (all within STAND_M of the stretch's running mean for at
    least STAND_S) become their mean, so the receiver's wander at a stop adds no distance."""
    out = []
    i = 0
    while i < len(t):
        c = p[i].copy()
        j = i + 1
        while j < len(t) and math.hypot(p[j][0] - c[0], p[j][1] - c[1]) <= STAND_M:
            c += (p[j] - c) / (j - i + 1)
            j += 1
        if t[j - 1] - t[i] >= STAND_S:
            out.append(c)
            i = j
        else:
            out.append(p[i])
            i += 1
    return np.array(out)


def _length(t, p):
    half = np.minimum(1.5, np.minimum(t - t[0], t[-1] - t))   # symmetric, shrinking at ends
    lo = np.searchsorted(t, t - half)
    hi = np.searchsorted(t, t + half, side="right")
    csum = np.vstack([np.zeros(2), np.cumsum(p, axis=0)])
    sm = _collapse_stands(t, (csum[hi] - csum[lo]) / (hi - lo)[:, None])
    total, anchor = 0.0, sm[0]
    for q in sm[1:]:
        d = math.hypot(q[0] - anchor[0], q[1] - anchor[1])
        if d >= STEP_M:
            total += d
            anchor = q
    return total + math.hypot(*(sm[-1] - anchor))


def trip_distance(t, lat, lon):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180):
        raise ValueError("latitude/longitude out of range")
    if len(t) < 2:
        return 0.0
    lat0 = math.radians(float(np.mean(lat)))
    dlon = (lon - lon[0] + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * math.cos(lat0),
                          (np.radians(lat) - lat0) * EARTH_R])
    cuts = np.flatnonzero(np.diff(t) > GAP_S) + 1
    bounds = [0] + list(cuts) + [len(t)]
    total = 0.0
    prev_end = None
    for a, b in zip(bounds[:-1], bounds[1:]):
        tp, raw = t[a:b], xy[a:b]
        if b - a >= 3:
            step = np.diff(raw, axis=0)
            dt = np.diff(tp)[:, None]
            vel = step / dt
            vmed = median_filter(vel, size=(21, 1), mode="mirror")
            jump = np.hypot(*(vel - vmed).T) > JUMP_MPS
            step[jump] = (vmed * dt)[jump]
            track = raw[0] + np.vstack([np.zeros(2), np.cumsum(step, axis=0)])
            total += _length(tp, track)
            corrected = track + np.median(raw - track, axis=0)
        else:
            corrected = raw
            total += float(np.hypot(*np.diff(raw, axis=0).T).sum())
        if prev_end is not None:
            total += math.hypot(*(corrected[0] - prev_end))
        prev_end = corrected[-1]
    return float(total)
