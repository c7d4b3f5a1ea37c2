"""Geofence enter/exit events from noisy GPS fixes.

1. Fixes are projected to local metres around the fence centre.
2. Multipath episodes and wild fixes are removed as kinematic excursions: a step departing by
   more than 10 m from the local (median) velocity is a jump; the track is cut at jumps and at
   receiver gaps, and a run of up to six short segments (30 s in all) that sits far (> 20 m)
   from the line joining the fixes on either side is dropped (single wild fixes first, as they
   would spoil that line for the runs next to them; next to a receiver gap, only a jump no
   vehicle can make counts, or for a single fix the straight line bridging the gap); repeated
   until nothing changes.
3. The cleaned track is lightly smoothed, and the inside/outside state follows it with a
   hysteresis band (the state changes only once the track is clearly across), so jitter at the
   boundary does not chatter.
4. Across receiver gaps (straight, steady driving) the track is filled in along the straight
   line, so crossings inside a gap are found too.
5. The time of each event is where the track actually crossed the circle (interpolated between
   points), not when the change was confirmed."""
import math

import numpy as np
from scipy.ndimage import median_filter

EARTH_R = 6371008.8
JUMP_M = 10.0
EXCURSION_M = 20.0
MAX_EXCURSION_S = 30.0
HYSTERESIS_M = 10.0
SMOOTH_HALF_S = 1.5


def _segments(t, xy, gap):
    """Start indices of segments separated by steps inconsistent with the local velocity or by
    receiver gaps (across a gap the velocity cannot be checked)."""
    d = np.diff(xy, axis=0)
    dt = np.diff(t)
    vel = d / dt[:, None]
    v = median_filter(vel, size=(11, 1), mode="mirror")    # local velocity, robust
    dev = np.hypot(*(d - v * dt[:, None]).T)
    cut = (dev > JUMP_M + 2.0 * (dt - 1.0)) | gap
    return [0] + list(np.flatnonzero(cut) + 1), dev, v


def _remove_excursions(t, xy):
    """Repeatedly drop the worst run of up to six consecutive short segments that sits far from
    the line joining the fixes on either side (an excursion out and back, possibly through
    intermediate fixes), until none is left."""
    keep = np.ones(len(t), bool)
    # fixes missing from the data (tunnels) are not evidence of an excursion: remember where
    # the receiver itself had a gap
    gap_before = np.concatenate([[0], np.cumsum(np.diff(t) > 3.0)])
    for _ in range(200):
        idx = np.flatnonzero(keep)
        if len(idx) < 3:
            break
        tt, pp = t[idx], xy[idx]
        real_gap = np.diff(gap_before[idx]) > 0   # step k -> k+1 spans a receiver gap
        starts, dev, vel = _segments(tt, pp, real_gap)
        starts = starts + [len(idx)]
        best, worst = None, EXCURSION_M
        one_sided, one_worst = None, 0.0
        single, single_worst = None, 2 * EXCURSION_M
        for span in range(1, 7):
            for i in range(1, len(starts) - 1 - span):
                b, c = starts[i], starts[i + span]
                if tt[c - 1] - tt[b] > MAX_EXCURSION_S:
                    continue
                if span == 1 and c - b == 1 and real_gap[b - 1] != real_gap[c - 1] \
                        and 2 <= b <= len(tt) - 3:
                    # a single fix next to a receiver gap (a wild fix at reacquisition): the
                    # van drove straight at steady speed through the gap, so the line bridging
                    # the gap and the fix is two-sided evidence, provided the bridged step
                    # agrees with the velocity on the far side
                    t0, t1 = tt[b - 1], tt[c]
                    v_far = vel[c] if real_gap[b - 1] else vel[b - 2]
                    miss = np.hypot(*(pp[c] - pp[b - 1] - v_far * (t1 - t0)))
                    w = (tt[b] - t0) / (t1 - t0)
                    off = np.hypot(*(pp[b] - ((1 - w) * pp[b - 1] + w * pp[c])))
                    if miss <= JUMP_M + 2.0 * (t1 - t0 - 1.0) and off > single_worst:
                        single, single_worst = (b, c), off
                        continue
                if real_gap[b - 1] or real_gap[c - 1]:
                    # next to a receiver gap only one side can be checked: the run must be
                    # entered or left by a jump no vehicle can make
                    if real_gap[b - 1] and real_gap[c - 1]:
                        continue
                    k = c - 1 if real_gap[b - 1] else b - 1
                    score = dev[k]
                    step_s = tt[k + 1] - tt[k]
                    if (span <= 2 and score > 2 * EXCURSION_M + 3.0 * (step_s - 1.0)
                            and score > one_worst and tt[c - 1] - tt[b] <= 20):
                        one_sided, one_worst = (b, c), score
                    continue
                t0, t1 = tt[b - 1], tt[c]
                w = ((tt[b:c] - t0) / (t1 - t0))[:, None]
                line = (1 - w) * pp[b - 1] + w * pp[c]
                off = np.hypot(*(pp[b:c] - line).T)
                # every fix of the run is off the line, most of them far off
                score = np.median(off)
                if c - b == 1 and score > single_worst:
                    single, single_worst = (b, c), score
                elif score > worst and off.min() > 0.5 * EXCURSION_M:
                    best, worst = (b, c), score
        # a single wild fix far off the line joining its neighbours is the clearest evidence,
        # and it would spoil the line test of the runs next to it: those first; then
        # two-sided excursions; then one-sided ones next to receiver gaps
        best = single or best or one_sided
        if best is None:
            break
        keep[idx[best[0]:best[1]]] = False
    return keep


def geofence_events(t, lat, lon, center_lat, center_lon, radius_m):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180) or abs(center_lat) > 90 \
            or abs(center_lon) > 180:
        raise ValueError("latitude/longitude out of range")
    if not radius_m > 0:
        raise ValueError("radius must be positive")
    if len(t) < 2:
        return []
    lat0 = math.radians(center_lat)
    dlon = (lon - center_lon + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * math.cos(lat0),
                          np.radians(lat - center_lat) * EARTH_R])
    keep = _remove_excursions(t, xy) if len(t) > 3 else np.ones(len(t), bool)
    tk, pk = t[keep], xy[keep]
    half = np.minimum(SMOOTH_HALF_S, np.minimum(tk - tk[0], tk[-1] - tk))
    lo = np.searchsorted(tk, tk - half)
    hi = np.searchsorted(tk, tk + half, side="right")
    csum = np.vstack([np.zeros(2), np.cumsum(pk, axis=0)])
    sm = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    # across receiver gaps the van drove straight at steady speed: fill them with points on
    # the straight line, so a crossing hidden in a gap is still seen (at the right time)
    tt, pp = [tk[0]], [sm[0]]
    for k in range(1, len(tk)):
        dt = tk[k] - tk[k - 1]
        if dt > 1.5:
            for f in np.arange(1.0, dt, 1.0) / dt:
                tt.append(tk[k - 1] + f * dt)
                pp.append(sm[k - 1] + f * (sm[k] - sm[k - 1]))
        tt.append(tk[k])
        pp.append(sm[k])
    tk, sm = np.array(tt), np.array(pp)
    d = np.hypot(*sm.T) - radius_m                  # signed distance to the boundary
    inside = d[0] < 0
    events = []
    for k in range(1, len(tk)):
        if (inside and d[k] > HYSTERESIS_M) or (not inside and d[k] < -HYSTERESIS_M):
            # confirmed: find the last crossing of the circle before this point
            j = k
            while j > 0 and (d[j - 1] > 0) == (d[k] > 0):
                j -= 1
            if j == 0:
                when = tk[0]
            else:
                f = d[j - 1] / (d[j - 1] - d[j])
                when = tk[j - 1] + f * (tk[j] - tk[j - 1])
            inside = not inside
            events.append((float(when), "enter" if inside else "exit"))
    return events
