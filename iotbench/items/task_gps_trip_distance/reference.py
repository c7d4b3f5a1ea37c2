"""Trip distance from noisy GPS fixes.

1. Fixes are projected to local metres.
2. Excursions are removed: a step that departs by more than 10 m from the local (median)
   velocity is a jump; the track is cut into segments at jumps and at receiver gaps, and a run
   of up to six short segments (30 s in all) that sits far (> 20 m) from the line joining the
   fixes on either side is an excursion (urban-canyon multipath episode with its ramps, or a
   wild fix) and is dropped (next to a receiver gap, only a jump no vehicle can make counts);
   this is repeated until nothing changes.
3. The kept fixes are smoothed over a few seconds, and the path is measured only over movements
   that exceed the residual noise (successive points at least 8 m apart), so the jitter and
   wander of a parked vehicle add nothing. Gaps (tunnels) are bridged by straight lines."""
import math

import numpy as np
from scipy.ndimage import median_filter

EARTH_R = 6371008.8
JUMP_M = 10.0
EXCURSION_M = 20.0
MAX_EXCURSION_S = 30.0
SMOOTH_HALF_S = 3.0
STEP_M = 8.0


def _segments(t, xy, gap):
    """Start indices of segments separated by steps inconsistent with the local velocity or by
    receiver gaps (across a gap the velocity cannot be checked)."""
    d = np.diff(xy, axis=0)
    dt = np.diff(t)
    vel = d / dt[:, None]
    v = median_filter(vel, size=(11, 1), mode="mirror")    # local velocity, robust
    dev = np.hypot(*(d - v * dt[:, None]).T)
    cut = (dev > JUMP_M + 2.0 * (dt - 1.0)) | gap
    return [0] + list(np.flatnonzero(cut) + 1), dev


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
        starts, dev = _segments(tt, pp, real_gap)
        starts = starts + [len(idx)]
        best, worst = None, EXCURSION_M
        one_sided, one_worst = None, 0.0
        for span in range(1, 7):
            for i in range(1, len(starts) - 1 - span):
                b, c = starts[i], starts[i + span]
                if tt[c - 1] - tt[b] > MAX_EXCURSION_S:
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
                if score > worst and off.min() > 0.5 * EXCURSION_M:
                    best, worst = (b, c), score
        if best is None:          # a two-sided excursion is clearer evidence: those first
            best = one_sided
        if best is None:
            break
        keep[idx[best[0]:best[1]]] = False
    return keep


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
    keep = _remove_excursions(t, xy) if len(t) > 3 else np.ones(len(t), bool)
    tk, pk = t[keep], xy[keep]
    # moving average, with the window shrinking symmetrically at the ends (no end shortening)
    half = np.minimum(SMOOTH_HALF_S, np.minimum(tk - tk[0], tk[-1] - tk))
    lo = np.searchsorted(tk, tk - half)
    hi = np.searchsorted(tk, tk + half, side="right")
    csum = np.vstack([np.zeros(2), np.cumsum(pk, axis=0)])
    sm = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    total = 0.0
    anchor = sm[0]
    for p in sm[1:]:
        dist = math.hypot(p[0] - anchor[0], p[1] - anchor[1])
        if dist >= STEP_M:
            total += dist
            anchor = p
    total += math.hypot(*(sm[-1] - anchor))
    return float(total)
