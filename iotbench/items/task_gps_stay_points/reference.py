"""Stay detection for a phone's GPS track. Fixes taken indoors are noisy (tens of metres), sparse
(minutes apart, with long gaps) and include wild fixes hundreds of metres off, so a stay must be
built robustly: fixes are grouped in time order around the running *median* of the group; a
single fix (or two) outside the radius, after which the track comes back, is an outlier and not
a departure; the group ends only when the track has clearly left. Groups lasting at least
10 minutes are stays; small groups (bursts of bad fixes, travel) are dropped and groups around
the same place joined again. The start and end are the first and last fix at the place
itself; the centre is the median."""
import math

import numpy as np

EARTH_R = 6371008.8
RADIUS_M = 100.0
MIN_STAY_S = 600.0
LOOKAHEAD = 4          # fixes that may be outside before the person is considered gone


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
    if n < 2:
        return []
    lat0 = math.radians(float(np.median(lat)))
    lon0 = float(np.median(lon))
    dlon = (lon - lon0 + 180.0) % 360.0 - 180.0
    xy = np.column_stack([np.radians(dlon) * EARTH_R * math.cos(lat0),
                          (np.radians(lat) - lat0) * EARTH_R])
    groups = []
    members = [0]
    centre = xy[0]
    i = 1
    while i < n:
        if math.hypot(*(xy[i] - centre)) <= RADIUS_M:
            members.append(i)
            centre = np.median(xy[members], axis=0)
            i += 1
            continue
        # outside: is the person gone, or is this a bad fix?
        ahead = range(i + 1, min(n, i + 1 + LOOKAHEAD))
        back = [j for j in ahead if math.hypot(*(xy[j] - centre)) <= RADIUS_M]
        if back:
            i = back[0]          # skip the outlier(s)
            continue
        groups.append(members)
        members = [i]
        centre = xy[i]
        i += 1
    groups.append(members)
    # a burst of bad fixes inside a stay (or a stretch of travel) forms small groups: drop
    # them. A stay may still be split (by a longer burst, or because its centre settled late):
    # groups lasting a few minutes absorb their neighbours around the same place.
    centre_of = lambda g: np.median(xy[g], axis=0)
    groups = [g for g in groups if len(g) > 5]
    is_seed = [t[g[-1]] - t[g[0]] >= MIN_STAY_S / 2 for g in groups]
    joined = []
    k = 0
    while k < len(groups):
        if not is_seed[k]:
            k += 1
            continue
        g = list(groups[k])
        lo = k
        while lo > 0 and math.hypot(*(centre_of(groups[lo - 1]) - centre_of(g))) <= RADIUS_M:
            lo -= 1
            g = groups[lo] + g
        hi = k
        while hi + 1 < len(groups) and math.hypot(
                *(centre_of(groups[hi + 1]) - centre_of(g))) <= RADIUS_M:
            hi += 1
            g = g + groups[hi]
        if joined and joined[-1][0] >= lo:          # overlaps the previous stay: one stay
            g = sorted(set(joined.pop()[1]) | set(g))
        joined.append((hi, g))
        k = hi + 1
    joined = [g for _, g in joined]
    stays = []
    for g in joined:
        c = centre_of(g)
        near = [j for j in g if math.hypot(*(xy[j] - c)) <= RADIUS_M]
        if not near:
            continue
        # the stay runs from the first to the last fix at the place itself: extend over
        # neighbouring fixes at the place (tolerating a few bad ones), drop the way there
        first, last = near[0], near[-1]
        for step, edge in ((-1, first), (1, last)):
            j, outside = edge + step, 0
            while 0 <= j < n and outside <= LOOKAHEAD:
                if math.hypot(*(xy[j] - c)) <= RADIUS_M:
                    edge, outside = j, 0
                else:
                    outside += 1
                j += step
            first, last = (edge, last) if step < 0 else (first, edge)
        if t[last] - t[first] >= MIN_STAY_S:
            stays.append((t[first], t[last], c))
    out = []
    for s, e, c in stays:
        la = math.degrees(c[1] / EARTH_R + lat0)
        lo = (lon0 + math.degrees(c[0] / (EARTH_R * math.cos(lat0))) + 180.0) % 360.0 - 180.0
        out.append((float(s), float(e), float(la), float(lo)))
    return out
