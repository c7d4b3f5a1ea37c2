"""Hidden tests: stays (dwells at a place) found in a day of a phone's GPS fixes.

Every day is drawn from the run's data seed (IOTBENCH_DATA_SEED). A person stays at 3-6 places
(12-180 min each, moving about inside the building within +-15 m); the last place is often
the first again (home). Between stays they walk (1.1-1.5 m/s) or drive (6-14 m/s) along street
routes, with short stops (traffic lights, waiting at a crossing or a bus stop: 0.5-5 min) that
are not stays. The phone reports a fix every 10-30 s outdoors; indoors every 30-180 s with
long gaps (5-40 min without any fix), position noise of 15-35 m and 5-8 % wild fixes 150-800 m
off (cell-tower fallback, reflections); outdoors noise of 4-6 m and 1 % urban-canyon outliers.
Ground truth: arrival time, departure time and position of each place.
"""

import math
import os

import numpy as np
import pytest

from candidate import find_stays

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
EARTH_R = 6371008.8


def rng(stream):
    return np.random.default_rng([SEED, stream])


def street_route(r, a, b):
    """Waypoints from a to b along one or two corners (Manhattan-like, random grid angle)."""
    ang = r.uniform(0, np.pi / 2)
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
    d = rot.T @ (b - a)
    if r.random() < 0.5:
        corner = [np.array([d[0], 0.0])]
    else:
        f = r.uniform(0.3, 0.7)
        corner = [np.array([d[0] * f, 0.0]), np.array([d[0] * f, d[1]])]
    pts = [a] + [a + rot @ c for c in corner] + [b]
    return np.array(pts)


def along(route, dist):
    """Positions at path distances dist along the polyline route."""
    seg = np.hypot(*np.diff(route, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    dist = np.clip(dist, 0, cum[-1])
    return np.column_stack([np.interp(dist, cum, route[:, 0]), np.interp(dist, cum, route[:, 1])])


def make_day(r, n_places=None):
    n_places = n_places or int(r.integers(3, 7))
    places = [np.zeros(2)]
    for _ in range(n_places - 1):
        ang = r.uniform(0, 2 * np.pi)
        places.append(places[-1] + r.uniform(400, 4000) * np.array([np.cos(ang), np.sin(ang)]))
    if n_places >= 3 and r.random() < 0.7 and np.hypot(*(places[-2] - places[0])) > 400:
        places[-1] = places[0] + r.normal(0, 5, 2)   # back home
    t = r.uniform(0, 3600.0)
    times, pos, indoor = [], [], []
    stays = []
    for k, place in enumerate(places):
        # --- stay at the place
        dur = r.uniform(12, 180) * 60
        start = t
        tt = start + r.uniform(5, 20)
        outdoor_until = start + r.uniform(30, 120)   # fixes near the door on arrival
        leaving = start + dur - r.uniform(60, 150)  # and again on the way out
        wander = np.zeros(2)
        while tt < start + dur:
            inside = outdoor_until < tt < leaving
            wander = np.clip(wander + r.normal(0, 3, 2), -15, 15)
            times.append(tt)
            pos.append(place + wander)
            indoor.append(inside)
            if inside and r.random() < 0.04:
                tt += r.uniform(300, 2400)             # no fix for a long while
            else:
                tt += r.uniform(30, 180) if inside else r.uniform(10, 30)
            if times[-1] < leaving < tt:
                tt = leaving + r.uniform(0, 10)        # the phone gets fixes again at the door
        t = start + dur
        stays.append((start, t, place.copy()))
        if k == len(places) - 1:
            break
        # --- travel to the next place
        route = street_route(r, place, places[k + 1])
        length = np.hypot(*np.diff(route, axis=0).T).sum()
        drive = length > 1500 and r.random() < 0.6
        speed = r.uniform(6, 14) if drive else r.uniform(1.1, 1.5)
        # short stops lie away from the places and from each other
        n_stops = int(r.integers(0, 3)) if length > 1400 else int(r.integers(0, 2))
        n_stops = n_stops if length > 700 else 0
        stop_at = np.sort(r.uniform(300, max(length - 300, 301), n_stops))
        if n_stops == 2 and stop_at[1] - stop_at[0] < 400:
            stop_at = stop_at[:1]
            n_stops = 1
        stop_len = r.uniform(30, 300, n_stops)  # waiting at lights, crossings, bus stops
        travel = length / speed + stop_len.sum()
        tt = t + r.uniform(5, 20)
        while tt < t + travel:
            el = tt - t
            # distance covered by elapsed time el, pausing at the stops
            dist, clock = 0.0, 0.0
            for sa, sl in zip(stop_at, stop_len):
                reach = clock + (sa - dist) / speed
                if el < reach:
                    break
                clock, dist = reach, sa
                if el < clock + sl:
                    el = clock
                    break
                clock += sl
            dist += (el - clock) * speed
            times.append(tt)
            pos.append(along(route, np.array([dist]))[0])
            indoor.append(False)
            tt += r.uniform(10, 30)
        t += travel
    times = np.array(times)
    pos = np.array(pos)
    indoor = np.array(indoor)
    n = len(times)
    sig_in = r.uniform(15, 35)
    noise = np.where(indoor[:, None], r.normal(0, sig_in, (n, 2)), r.normal(0, 5, (n, 2)))
    wild = np.where(indoor, r.random(n) < r.uniform(0.05, 0.08), r.random(n) < 0.01)
    ang = r.uniform(0, 2 * np.pi, n)
    mag = np.where(indoor, r.uniform(150, 800, n), r.uniform(100, 300, n))
    noise[wild] += (mag[:, None] * np.column_stack([np.cos(ang), np.sin(ang)]))[wild]
    meas = pos + noise
    lat0, lon0 = r.uniform(-55, 55), r.uniform(-170, 170)
    lat = lat0 + np.degrees(meas[:, 1] / EARTH_R)
    lon = lon0 + np.degrees(meas[:, 0] / (EARTH_R * math.cos(math.radians(lat0))))
    truth = [(s, e, lat0 + np.degrees(p[1] / EARTH_R),
              lon0 + np.degrees(p[0] / (EARTH_R * math.cos(math.radians(lat0)))))
             for s, e, p in stays]
    return times, lat, lon, truth


def dist_m(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_R * math.asin(math.sqrt(a))


def grade(out, truth, t_tol=300.0, d_tol=50.0):
    """Problems as (excess, message): excess is the largest of |start error| / t_tol,
    |end error| / t_tol and distance / d_tol; a missed, split or false stay has no scale (inf)."""
    problems = []
    used = set()
    for s, e, la, lo in truth:
        cands = [i for i, o in enumerate(out) if min(o[1], e) - max(o[0], s) > 0]
        if len(cands) != 1:
            problems.append((float("inf"), f"stay {s / 60:.0f}-{e / 60:.0f} min: {len(cands)} "
                                           f"reported stays overlap it"))
            used.update(cands)
            continue
        i = cands[0]
        used.add(i)
        o = out[i]
        d = dist_m(la, lo, o[2], o[3])
        if abs(o[0] - s) > t_tol or abs(o[1] - e) > t_tol or d > d_tol:
            excess = max(abs(o[0] - s) / t_tol, abs(o[1] - e) / t_tol, d / d_tol)
            problems.append((excess, f"stay {s / 60:.1f}-{e / 60:.1f} min reported as "
                                     f"{o[0] / 60:.1f}-{o[1] / 60:.1f} min, {d:.0f} m off "
                                     f"({excess:.1f}x tolerance)"))
    for i, o in enumerate(out):
        if i not in used:
            problems.append((float("inf"), f"false stay {o[0] / 60:.1f}-{o[1] / 60:.1f} min"))
    return problems


def check_form(out):
    assert isinstance(out, list), f"expected a list, got {type(out).__name__}"
    clean = []
    for item in out:
        assert len(item) == 4, f"each stay must be (start, end, lat, lon), got {item!r}"
        clean.append(tuple(float(x) for x in item))
        assert clean[-1][0] <= clean[-1][1]
    assert [c[0] for c in clean] == sorted(c[0] for c in clean), "stays must be in time order"
    return clean


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_days(stream, count):
    r = rng(stream)
    bad = []
    for i in range(count):
        t, lat, lon, truth = make_day(r)
        out = check_form(find_stays(t, lat, lon))
        problems = grade(out, truth)
        if problems:
            bad.append((max(excess for excess, _ in problems),
                        f"day {i} ({len(t)} fixes, {len(truth)} stays; tolerance 5 min, 50 m): "
                        + "; ".join(message for _, message in problems[:3])))
    return bad


def test_days_of_stays_and_travel():
    assert_quota(run_days(1, 6), 6)


def test_days_with_many_places():
    r = rng(2)
    bad = []
    for i in range(3):
        t, lat, lon, truth = make_day(r, n_places=6)
        problems = grade(check_form(find_stays(t, lat, lon)), truth)
        if problems:
            bad.append(f"day {i}: " + "; ".join(message for _, message in problems[:3]))
    assert not bad, "\n".join(bad)


def test_edge_cases():
    assert find_stays([], [], []) == []
    assert find_stays([0.0], [45.0], [7.0]) == []
    # a clean 30 min stay: fixes every minute at one spot
    t = [60.0 * i for i in range(31)]
    out = find_stays(t, [45.0] * 31, [7.0] * 31)
    assert len(out) == 1 and abs(out[0][0]) <= 60 and abs(out[0][1] - 1800) <= 60


@pytest.mark.parametrize("t, lat, lon", [
    ([0.0, 1.0, 2.0], [10.0, 10.0], [20.0, 20.0, 20.0]),
    ([0.0, 2.0, 1.0], [10.0, 10.0, 10.0], [20.0, 20.0, 20.0]),
    ([0.0, 1.0], [95.0, 10.0], [20.0, 20.0])])
def test_invalid_input_raises(t, lat, lon):
    with pytest.raises(ValueError):
        find_stays(t, lat, lon)
