"""Alternative: a moment belongs to a stay when the person's robust position hardly changes over
the surrounding 6 minutes. Positions are first cleaned by a running median over +-4 fixes
(isolated wild fixes vanish). For every fix, the cleaned positions within +-3 min are compared
with their median: if 70 % of them lie within 100 m, the fix is "stationary"; across a gap in
the fixes (indoors), the fixes on both sides are stationary when both sides are at one place. Runs of
stationary fixes (bridging non-stationary blips of up to 3 fixes) are candidate stays; a first
centre is the median of the raw fixes of the run that lie near the run's median, the stay
extends over the neighbouring fixes at that place, and the centre is then the median of all the
stay's fixes near it. Runs of at least 10 minutes are stays;
consecutive stays at the same place are one stay."""
import math

import numpy as np
from scipy.ndimage import median_filter

EARTH_R = 6371008.8
HALF_WIN_S = 180.0
RADIUS_M = 100.0
MIN_STAY_S = 600.0


def _centre(pts, c):
    """Median of the fixes within the radius of c, refined twice."""
    for _ in range(2):
        near = pts[np.hypot(*(pts - c).T) <= RADIUS_M]
        if len(near) == 0:
            break
        c = np.median(near, axis=0)
    return c


def find_stays(t, lat, lon):
    t = np.asarray(t, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if t.ndim != 1 or lat.shape != t.shape or lon.shape != t.shape:
        raise ValueError("t, lat and lon must be 1-D arrays of the same length")
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180):
        raise ValueError("latitude/longitude out of range")
    n = len(t)
    if n < 3:
        return []
    lat0 = math.radians(float(np.mean(lat)))
    dlon = (lon - lon[0] + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * math.cos(lat0),
                          (np.radians(lat) - lat0) * EARTH_R])
    clean = median_filter(xy, size=(9, 1), mode="nearest")
    lo = np.searchsorted(t, t - HALF_WIN_S)
    hi = np.searchsorted(t, t + HALF_WIN_S, side="right")
    still = np.zeros(n, bool)
    for i in range(n):
        w = clean[lo[i]:hi[i]]
        d = np.hypot(*(w - np.median(w, axis=0)).T)
        still[i] = np.mean(d <= RADIUS_M) >= 0.7
    # indoors the phone may log nothing for a long while: a gap whose fixes before and after
    # are at the same place is time spent there, so the fixes at the place on both sides of it
    # are stationary (the window around them alone mixes the few door fixes with the travel)
    for i in np.flatnonzero(np.diff(t) > HALF_WIN_S):
        # where the person was just before and just after the gap (median of three fixes:
        # robust to one wild fix)
        a = np.median(xy[max(0, i - 2):i + 1], axis=0)
        b = np.median(xy[i + 1:i + 4], axis=0)
        if math.hypot(*(a - b)) <= RADIUS_M:
            c = 0.5 * (a + b)
            span = np.arange(lo[i], hi[i + 1])
            still[span[np.hypot(*(xy[span] - c).T) <= RADIUS_M]] = True
    # bridge short blips
    runs = []
    i = 0
    while i < n:
        if not still[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and (still[j + 1] or still[j + 2:j + 5].any()):
            j += 1
        runs.append((i, j))
        i = j + 1
    stays = []
    for a, b in runs:
        pts = xy[a:b + 1]
        med = np.median(clean[a:b + 1], axis=0)
        good = np.hypot(*(pts - med).T) <= RADIUS_M
        if good.sum() < 3:
            continue
        c = np.median(pts[good], axis=0)
        near = np.flatnonzero(np.hypot(*(xy - c).T) <= RADIUS_M)
        # extend from the run to neighbouring fixes at the place (few bad fixes tolerated)
        first = a + int(np.argmax(good))
        last = b - int(np.argmax(good[::-1]))
        for step in (-1, 1):
            j, miss = (first if step < 0 else last) + step, 0
            while 0 <= j < n and miss <= 4:
                if j in set(near.tolist()):
                    if step < 0:
                        first = j
                    else:
                        last = j
                    miss = 0
                else:
                    miss += 1
                j += step
        if stays and first <= stays[-1][1] + 5 and math.hypot(*(c - stays[-1][2])) <= RADIUS_M:
            pa, pb, pc = stays.pop()
            first = min(first, pa)
            last = max(last, pb)
        # the place is the median of every fix of the whole stay at it (the fixes at the door,
        # on arrival and departure, are the precise ones; the indoor fixes alone scatter)
        c = _centre(xy[first:last + 1], c)
        stays.append((first, last, c))
    out = []
    for a, b, c in stays:
        if t[b] - t[a] < MIN_STAY_S:
            continue
        la = math.degrees(c[1] / EARTH_R + lat0)
        lo_ = (lon[0] + math.degrees(c[0] / (EARTH_R * math.cos(lat0))) + 180.0) % 360.0 - 180.0
        out.append((float(t[a]), float(t[b]), float(la), float(lo_)))
    return out
