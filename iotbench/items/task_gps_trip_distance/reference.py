"""Trip distance from noisy GPS fixes.

1. Fixes are projected to local metres.
2. Excursions (urban-canyon multipath episodes with their ramps, wild fixes) are removed by
   choosing the set of fixes to keep that explains the recording best: every dropped fix costs
   a little, every kept step that departs from the local, robust velocity of the track by more
   than a vehicle can (a jump) costs much more. The local velocity is the running median of
   the fix-to-fix velocities (an episode's fixes move with the vehicle; only its ramps jump),
   integrated over the step, so steps across dropped fixes are judged by the same velocity.
   The best set is found exactly by dynamic programming over the last kept fix. An episode
   costs at least two jumps (in and out), so dropping its few fixes is cheaper; good fixes
   between two episodes are kept, because dropping them saves no jump. Across a receiver gap
   (tunnel) the allowance grows with the time the vehicle was unobserved (it may have braked
   or accelerated hard meanwhile); a speed no city vehicle reaches is a jump in any case.
3. The kept fixes are smoothed over a few seconds; stretches where the vehicle stands (every
   position within 15 m of their mean for at least 30 s) become one point; the path is measured
   only over movements that exceed the residual noise (successive points at least 8 m apart),
   so the jitter and wander of a parked vehicle add nothing. Gaps are bridged by straight
   lines."""
import math

import numpy as np
from scipy.ndimage import median_filter

EARTH_R = 6371008.8
JUMP_M = 10.0            # a step may depart this far from the local velocity (1 s step)
VEL_ERR = 1.5            # ... plus this much per further second (error of the robust velocity)
MAX_ACC = 3.0            # harder braking or acceleration than a car's (m/s^2)
MAX_SPEED = 30.0         # faster than any city vehicle (m/s)
GAP_S = 3.0
DROP_COST = 1.0
JUMP_COST = 20.0
MAX_DROP = 40            # at most this many consecutive fixes dropped
SMOOTH_HALF_S = 1.5
STEP_M = 8.0
STAND_M = 15.0
STAND_S = 30.0


def _keep_fixes(t, xy):
    n = len(t)
    dt = np.diff(t)
    vel = np.diff(xy, axis=0) / dt[:, None]
    vmed = median_filter(vel, size=(11, 1), mode="mirror")
    # displacement predicted by the robust velocity, cumulated: any step j -> i is judged by it
    pred = np.vstack([np.zeros(2), np.cumsum(vmed * dt[:, None], axis=0)])
    gap_time = np.concatenate([[0.0], np.cumsum(np.where(dt > GAP_S, dt, 0.0))])
    cost = np.full(n, np.inf)
    back = np.full(n, -1)
    cost[: MAX_DROP + 1] = DROP_COST * np.arange(min(n, MAX_DROP + 1))  # drop all before i
    for i in range(1, n):
        j = np.arange(max(0, i - MAX_DROP - 1), i)
        span = t[i] - t[j]
        dev = np.hypot(*((xy[i] - xy[j]) - (pred[i] - pred[j])).T)
        # while the receiver was silent (a tunnel) the vehicle may have braked or accelerated
        # hard: the allowance grows with that unobserved time
        hidden = gap_time[i] - gap_time[j]
        jump = dev > JUMP_M + VEL_ERR * (span - 1.0) + 0.5 * MAX_ACC * hidden * hidden
        # ... and a speed no city vehicle reaches is a jump in any case
        jump |= np.hypot(*(xy[i] - xy[j]).T) > JUMP_M + MAX_SPEED * span
        c = cost[j] + DROP_COST * (i - j - 1) + JUMP_COST * jump
        k = int(np.argmin(c))
        if c[k] < cost[i]:
            cost[i] = c[k]
            back[i] = j[k]
    last = np.arange(max(0, n - MAX_DROP - 1), n)
    end = cost[last] + DROP_COST * (n - 1 - last)
    i = int(last[np.argmin(end)])
    keep = np.zeros(n, bool)
    while i >= 0:
        keep[i] = True
        i = back[i]
    return keep


def _collapse_stands(t, p):
    """A vehicle standing still (every smoothed position within STAND_M of the stretch's running
    mean for at least STAND_S) is one point, its mean: the receiver's wander while it stands
    adds no distance."""
    out = []
    n = len(t)
    i = 0
    while i < n:
        c = p[i].copy()
        j = i + 1
        while j < n and math.hypot(p[j][0] - c[0], p[j][1] - c[1]) <= STAND_M:
            c += (p[j] - c) / (j - i + 1)
            j += 1
        if t[j - 1] - t[i] >= STAND_S:
            out.append(c)
            i = j
        else:
            out.append(p[i])
            i += 1
    return np.array(out)


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
    lat0 = math.radians(float(np.median(lat)))
    lon0 = float(np.median(lon))
    dlon = (lon - lon0 + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * math.cos(lat0),
                          (np.radians(lat) - lat0) * EARTH_R])
    keep = _keep_fixes(t, xy) if len(t) > 3 else np.ones(len(t), bool)
    tk, pk = t[keep], xy[keep]
    # moving average, with the window shrinking symmetrically at the ends (no end shortening)
    half = np.minimum(SMOOTH_HALF_S, np.minimum(tk - tk[0], tk[-1] - tk))
    lo = np.searchsorted(tk, tk - half)
    hi = np.searchsorted(tk, tk + half, side="right")
    csum = np.vstack([np.zeros(2), np.cumsum(pk, axis=0)])
    sm = _collapse_stands(tk, (csum[hi] - csum[lo]) / (hi - lo)[:, None])
    total = 0.0
    anchor = sm[0]
    for p in sm[1:]:
        dist = math.hypot(p[0] - anchor[0], p[1] - anchor[1])
        if dist >= STEP_M:
            total += dist
            anchor = p
    total += math.hypot(*(sm[-1] - anchor))
    return float(total)
