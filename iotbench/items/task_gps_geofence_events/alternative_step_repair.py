"""Alternative: clean the track in the velocity domain, then find events as deep-enough
boundary crossings.
- Between receiver gaps, steps whose velocity departs by more than 10 m/s from the running-median
  velocity (the ramps of multipath episodes, the two steps of a wild fix), together with the
  neighbouring steps departing by more than 5 m/s (the rest of a ramp), are replaced by that
  median velocity. The accumulated replacement is the offset of the raw fixes from a track
  without excursions: it jumps when an excursion starts and returns when it ends, so fixes whose
  offset stands out from its 2-minute running median (the window cut, not padded, at the ends
  of a stretch, so an excursion that began inside a receiver gap is seen) are dropped. Gaps are filled along
  straight lines.
- On the signed distance to the circle, every zero crossing is a candidate event; a pair of
  crossings between which the track never gets 8 m away from the boundary is jitter and is
  dropped. The remaining crossings, interpolated between points, are the events."""
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.ndimage import label, median_filter

EARTH_R = 6371008.8
GAP_S = 10.0
JUMP_MPS = 10.0
WEAK_MPS = 5.0
DEPTH_M = 8.0


def _running_median(x, half):
    """Median of each column over +-half samples, the window cut at the ends (no padding: at
    the start of a stretch the first fixes must not vote for themselves)."""
    pad = np.full((half, x.shape[1]), np.nan)
    win = sliding_window_view(np.vstack([pad, x, pad]), 2 * half + 1, axis=0)
    return np.nanmedian(win, axis=-1)


def _keep(t, xy):
    """Mask of fixes that are not inside an excursion."""
    cuts = np.flatnonzero(np.diff(t) > GAP_S) + 1
    keep = np.ones(len(t), bool)
    for a, b in zip([0] + list(cuts), list(cuts) + [len(t)]):
        raw = xy[a:b]
        if b - a < 3:
            continue
        step = np.diff(raw, axis=0)
        dt = np.diff(t[a:b])[:, None]
        vel = step / dt
        vmed = median_filter(vel, size=(11, 1), mode="mirror")
        # a multipath ramp lasts 1-2 s, so sampled at 1 Hz it is spread over two or three
        # steps, of which one may be small: a step departing by more than JUMP_MPS seeds a jump,
        # and the steps next to it that depart by more than WEAK_MPS belong to the same ramp
        dev = np.hypot(*(vel - vmed).T)
        weak = dev > WEAK_MPS
        runs, _ = label(weak)
        jump = weak & np.isin(runs, np.unique(runs[dev > JUMP_MPS]))
        fixed = step.copy()
        fixed[jump] = (vmed * dt)[jump]
        # offset between the raw fixes and the track rebuilt from repaired steps: it jumps
        # when an excursion starts and returns when it ends
        offset = np.vstack([np.zeros(2), np.cumsum(step - fixed, axis=0)])
        base = _running_median(offset, 60)
        keep[a:b] = np.hypot(*(offset - base).T) < 15.0
    return keep


def geofence_events(t, lat, lon, center_lat, center_lon, radius_m):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if (np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180) or abs(center_lat) > 90
            or abs(center_lon) > 180):
        raise ValueError("latitude/longitude out of range")
    if not radius_m > 0:
        raise ValueError("radius must be positive")
    if len(t) < 2:
        return []
    c = math.cos(math.radians(center_lat))
    dlon = (lon - center_lon + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * c,
                          np.radians(lat - center_lat) * EARTH_R])
    keep = _keep(t, xy)
    t, xy = t[keep], xy[keep]
    if len(t) < 2:
        return []
    # 3-point moving average against jitter (only over consecutive fixes, never across a
    # gap), then fill gaps along straight lines
    sm = xy.copy()
    ok = (t[2:] - t[:-2]) <= 2.5
    sm[1:-1][ok] = ((xy[:-2] + xy[1:-1] + xy[2:]) / 3)[ok]
    grid_t = [t[0]]
    grid_p = [sm[0]]
    for k in range(1, len(t)):
        dt = t[k] - t[k - 1]
        for f in np.arange(1.0, dt, 1.0) / dt if dt > 1.5 else []:
            grid_t.append(t[k - 1] + f * dt)
            grid_p.append(sm[k - 1] + f * (sm[k] - sm[k - 1]))
        grid_t.append(t[k])
        grid_p.append(sm[k])
    tt = np.array(grid_t)
    d = np.hypot(*np.array(grid_p).T) - radius_m
    side = d > 0
    cross = list(np.flatnonzero(side[1:] != side[:-1]))
    # drop pairs of crossings around a shallow excursion (jitter at the boundary)
    changed = True
    while changed:
        changed = False
        bounds = [0] + [k + 1 for k in cross] + [len(d)]
        for m in range(1, len(bounds) - 2):
            seg = d[bounds[m]:bounds[m + 1]]
            if np.abs(seg).max() < DEPTH_M:
                del cross[m - 1:m + 1]
                changed = True
                break
    events = []
    inside = d[0] < 0
    for k in cross:
        f = d[k] / (d[k] - d[k + 1])
        inside = not inside
        events.append((float(tt[k] + f * (tt[k + 1] - tt[k])), "enter" if inside else "exit"))
    return events
