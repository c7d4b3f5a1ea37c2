"""Hidden tests: enter/exit events of a delivery van at a circular geofence, from noisy 1 Hz GPS.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The van follows a street
route (straight legs, rounded corners) with a speed profile (acceleration limits, slow corners,
traffic stops of 15-90 s, parking for 2-8 min). The geofence (a depot or customer site, radius
60-400 m) is placed so that the route crosses it at least twice, never grazes the boundary
(wherever the route is within 25 m of the circle it crosses it at 45 degrees or more, at 4 m/s
or faster), every visit reaches 25 m or more into (or out of) the fence, and the van never
parks within 25 m of the boundary. Ground truth: the times the true route crosses the
circle. Fixes at 1 s carry a smooth wandering error (2-5 m), jitter (0.5-1.5 m), urban-canyon
multipath episodes (40-150 m off for 4-14 s, ramping in and out within 1-2 s, at least 30 s
apart), isolated wild fixes (100-600 m), short dropouts and gaps of up to 30 s on straight
stretches.
"""

import math
import os

import numpy as np
import pytest
from scipy.signal import lfilter

from candidate import geofence_events

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
EARTH_R = 6371008.8


def rng(stream):
    return np.random.default_rng([SEED, stream])


def route(r, n_legs):
    """Dense path (x, y) in metres at ~0.5 m spacing and the arc-length of each corner."""
    pts = [np.zeros(2)]
    heading = r.uniform(0, 2 * np.pi)
    corners = []
    for k in range(n_legs):
        length = r.uniform(80, 700)
        d = np.array([np.cos(heading), np.sin(heading)])
        steps = np.arange(0.5, length, 0.5)
        pts.extend(pts[-1] + np.outer(steps, d))
        if k == n_legs - 1:
            break
        turn = r.choice([-1, 1]) * (np.pi / 2 if r.random() < 0.75 else r.uniform(0.5, 1.2))
        radius = r.uniform(6, 15)
        centre = pts[-1] + radius * np.array([np.cos(heading + np.sign(turn) * np.pi / 2),
                                               np.sin(heading + np.sign(turn) * np.pi / 2)])
        arc = np.arange(0.5, radius * abs(turn), 0.5) / radius
        start_angle = heading - np.sign(turn) * np.pi / 2
        ang = start_angle + np.sign(turn) * arc
        pts.extend(centre + radius * np.column_stack([np.cos(ang), np.sin(ang)]))
        corners.append(len(pts))
        heading += turn
    xy = np.array(pts)
    seg = np.hypot(*np.diff(xy, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    return xy, s, [s[min(c, len(s) - 1)] for c in corners]


def speed_profile(r, s, corners, kind):
    """Time at which each arc-length sample is reached (with stops), respecting limits."""
    vmax = r.uniform(9, 14) if kind == "car" else r.uniform(4, 7)
    acc = 1.5 if kind == "car" else 0.8
    limit = np.full(len(s), vmax)
    for c in corners:
        limit[np.abs(s - c) < 10] = np.minimum(limit[np.abs(s - c) < 10],
                                               r.uniform(3, 5) if kind == "car" else 3.0)
    total = s[-1]
    n_stops = int(r.integers(2, 5))
    stop_pos = np.sort(r.uniform(0.1, 0.9, n_stops + int(r.integers(1, 4))) * total)
    dwell = [r.uniform(120, 480) if k < n_stops else r.uniform(15, 90)
             for k in range(len(stop_pos))]
    order = r.permutation(len(stop_pos))
    dwell = [dwell[k] for k in order]
    idx = np.searchsorted(s, stop_pos)
    limit[idx] = 0.0
    limit[0] = limit[-1] = 0.0
    # forward/backward passes: v^2 <= v0^2 + 2 a ds
    v = limit.copy()
    ds = np.diff(s)
    for i in range(1, len(v)):
        v[i] = min(v[i], math.sqrt(v[i - 1] ** 2 + 2 * acc * ds[i - 1]))
    for i in range(len(v) - 2, -1, -1):
        v[i] = min(v[i], math.sqrt(v[i + 1] ** 2 + 2 * acc * ds[i]))
    vmid = np.maximum(0.5 * (v[1:] + v[:-1]), 0.05)
    t = np.concatenate([[0.0], np.cumsum(ds / vmid)])
    for i, w in zip(idx, dwell):
        t[i:] += w
    return t, list(zip(idx, dwell))


def wander(r, n, tau, sigma):
    """Slowly wandering GPS error (the receiver's own filtering makes it smooth): white noise
    through two first-order low-passes of time constant tau (s), scaled to std sigma."""
    a = math.exp(-1.0 / tau)
    x = r.normal(0, 1, n + int(6 * tau))
    y = lfilter([1 - a], [1.0, -a], lfilter([1 - a], [1.0, -a], x))[int(6 * tau):]
    return sigma * y / math.sqrt((1 - a) ** 4 * (1 + a * a) / (1 - a * a) ** 3)


def place_fence(r, xy, s, t_of_s, stops, radius_range=(60, 400), tries=400):
    """Centre and radius such that the route crosses the circle cleanly at least twice."""
    ds = np.gradient(s)
    for _ in range(tries):
        k = int(r.integers(0, len(xy)))
        radius = r.uniform(*radius_range)
        centre = xy[k] + r.uniform(0.2, 1.0) * radius * np.array(
            [math.cos(a := r.uniform(0, 2 * np.pi)), math.sin(a)])
        d = np.hypot(*(xy - centre).T) - radius
        slope = np.abs(np.gradient(d) / np.maximum(ds, 1e-9))
        near = np.abs(d) < 25
        if np.any(near & (slope < 0.7)):
            continue
        cross = np.flatnonzero(np.sign(d[1:]) != np.sign(d[:-1]))
        if len(cross) < 2:
            continue
        # every visit inside (or outside) reaches at least 25 m from the boundary
        pieces = np.split(d, cross + 1)
        if min(np.abs(p).max() for p in pieces) < 25:
            continue
        # crossings are made while driving (at least 4 m/s)
        speed_at = np.diff(s)[cross] / np.maximum(np.diff(t_of_s)[cross], 1e-9)
        if np.any(speed_at < 4.0):
            continue
        if any(abs(d[i]) < 25 for i, _ in stops):
            continue
        if d[0] * d[-1] == 0 or abs(d[0]) < 25 or abs(d[-1]) < 25:
            continue
        times = []
        for i in cross:   # linear interpolation of the crossing in arc length, then time
            f = d[i] / (d[i] - d[i + 1])
            times.append(t_of_s[i] + f * (t_of_s[i + 1] - t_of_s[i]))
        kinds = ["enter" if d[i] > 0 else "exit" for i in cross]
        return centre, radius, list(zip(times, kinds))
    return None


def make_record(r, radius_range=(60, 400), n_legs=None):
    while True:
        xy, s, corners = route(r, n_legs or int(r.integers(6, 14)))
        t_of_s, stops = speed_profile(r, s, corners, "car")
        placed = place_fence(r, xy, s, t_of_s, stops, radius_range)
        if placed is not None:
            break
    centre, radius, events = placed
    duration = t_of_s[-1]
    t = np.arange(0.0, duration, 1.0) + r.uniform(0, 1)
    t = t[t < duration]
    pos_s = np.interp(t, t_of_s, s)
    true = np.column_stack([np.interp(pos_s, s, xy[:, 0]), np.interp(pos_s, s, xy[:, 1])])
    n = len(t)
    sig_c, tau = r.uniform(2, 5), r.uniform(30, 120)
    err = np.column_stack([wander(r, n, tau, sig_c), wander(r, n, tau, sig_c)])
    err += r.normal(0, r.uniform(0.5, 1.5), (n, 2))
    episodes = []
    for _ in range(int(r.integers(3, 8))):
        start = r.uniform(30, t[-1] - 45)
        ramp_in, hold, ramp_out = r.uniform(1, 2), r.uniform(2, 10), r.uniform(1, 2)
        end = start + ramp_in + hold + ramp_out
        prof = np.clip(np.minimum((t - start) / ramp_in, (end - t) / ramp_out), 0, 1)
        ang = r.uniform(0, 2 * np.pi)
        amp = r.uniform(40, 150)
        # episodes are separate events: one never starts within 30 s of another (back-to-back
        # episodes around a short stretch of real fixes cannot be told from one long detour)
        if any(start < b + 30 and end > a - 30 for a, b in episodes):
            continue
        episodes.append((start, end))
        err += np.outer(prof * amp, [np.cos(ang), np.sin(ang)])
    for k in r.choice(np.arange(30, n - 30), int(r.integers(2, 6)), replace=False):  # wild
        ang = r.uniform(0, 2 * np.pi)
        err[k] += r.uniform(100, 600) * np.array([np.cos(ang), np.sin(ang)])
    meas = true + err
    keep = np.ones(n, bool)
    speed = np.gradient(pos_s, t)
    moving = np.flatnonzero(speed > 3)
    gaps = int(r.integers(1, 3))
    for _ in range(200):  # gaps on straight stretches at steady speed
        if gaps == 0 or len(moving) == 0:
            break
        k = int(r.choice(moving))
        m = int(r.uniform(10, 30))
        span = true[k - 1:k + m + 1]
        if k < 30 or len(span) < m + 2 or k + m > n - 30:
            continue
        chord = span[-1] - span[0]
        normal = np.array([-chord[1], chord[0]]) / (np.linalg.norm(chord) + 1e-9)
        v = speed[k - 1:k + m + 1]
        if np.abs((span - span[0]) @ normal).max() < 2.0 and v.min() > 0.8 * v.max():
            keep[k:k + m] = False
            gaps -= 1
    for _ in range(int(r.integers(3, 10))):
        k = int(r.integers(30, n - 30))
        keep[k:k + int(r.integers(1, 4))] = False
    t, meas = t[keep], meas[keep]
    lat0, lon0 = r.uniform(-60, 60), r.uniform(-179, 179)
    coslat = math.cos(math.radians(lat0))
    lat = lat0 + np.degrees(meas[:, 1] / EARTH_R)
    lon = lon0 + np.degrees(meas[:, 0] / (EARTH_R * coslat))
    c_lat = lat0 + math.degrees(centre[1] / EARTH_R)
    c_lon = lon0 + math.degrees(centre[0] / (EARTH_R * coslat))
    events = [(tt, kind) for tt, kind in events if t[0] < tt < t[-1]]
    return t, lat, lon, c_lat, c_lon, radius, events


def grade(out, events, tol=5.0):
    """Problems as (excess, message): the event sequence must match exactly (a wrong sequence
    has no scale: inf), each time within tol seconds (excess |time error| / tol)."""
    got = [(float(a), str(b)) for a, b in out]
    if [k for _, k in got] != [k for _, k in events]:
        return [(float("inf"), f"events {[(round(a), k) for a, k in got]} but true "
                               f"{[(round(a), k) for a, k in events]}")]
    return [(abs(a - b) / tol, f"{k} at {a:.1f} s, true {b:.1f} s "
                               f"({abs(a - b) / tol:.1f}x tolerance)")
            for (a, k), (b, _) in zip(got, events) if abs(a - b) > tol]


def check_form(out):
    assert isinstance(out, list), f"expected a list, got {type(out).__name__}"
    for item in out:
        assert len(item) == 2 and item[1] in ("enter", "exit"), f"bad event {item!r}"
        assert isinstance(item[0], (float, int, np.floating, np.integer))
    times = [float(a) for a, _ in out]
    assert times == sorted(times), "events must be in time order"
    return out


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_records(stream, count, **kw):
    r = rng(stream)
    bad = []
    for i in range(count):
        t, lat, lon, c_lat, c_lon, radius, events = make_record(r, **kw)
        out = check_form(geofence_events(t, lat, lon, c_lat, c_lon, radius))
        problems = grade(out, events)
        if problems:
            bad.append((max(excess for excess, _ in problems),
                        f"record {i} (radius {radius:.0f} m, {len(events)} events): "
                        + "; ".join(message for _, message in problems[:3])))
    return bad


def test_depot_and_site_geofences():
    assert_quota(run_records(1, 6), 6)


def test_small_customer_sites_with_brief_visits():
    assert_quota(run_records(2, 6, radius_range=(40, 90)), 6)


def test_van_parked_near_the_boundary():
    """Parked 30 m inside a 150 m fence for 30 min: multipath and drift must not make events."""
    r = rng(3)
    n = 1800
    t = np.arange(n, dtype=float)
    err = np.column_stack([wander(r, n, 60, 4), wander(r, n, 60, 4)]) + r.normal(0, 1.2, (n, 2))
    for start in (300.0, 900.0, 1400.0):
        prof = np.clip(np.minimum((t - start) / 1.5, (start + 12 - t) / 1.5), 0, 1)
        err += np.outer(prof * 90.0, [1.0, 0.2])
    pos = np.array([120.0, 0.0]) + err
    lat = 52.0 + np.degrees(pos[:, 1] / EARTH_R)
    lon = 4.0 + np.degrees(pos[:, 0] / (EARTH_R * math.cos(math.radians(52.0))))
    out = check_form(geofence_events(t, lat, lon, 52.0, 4.0, 150.0))
    assert out == [], f"a parked van produced events {out}"


def test_edge_cases():
    assert geofence_events([], [], [], 0.0, 0.0, 100.0) == []
    # straight line through the centre at 10 m/s along the equator, radius 100 m
    t = [float(k) for k in range(60)]
    lon = [math.degrees((10.0 * k - 300.0) / EARTH_R) for k in range(60)]
    out = geofence_events(t, [0.0] * 60, lon, 0.0, 0.0, 100.0)
    assert [k for _, k in out] == ["enter", "exit"]
    assert abs(out[0][0] - 20.0) <= 5 and abs(out[1][0] - 40.0) <= 5


@pytest.mark.parametrize("args", [
    ([0.0, 1.0, 2.0], [10.0, 10.0], [20.0, 20.0, 20.0], 10.0, 20.0, 100.0),
    ([0.0, 2.0, 1.0], [10.0, 10.0, 10.0], [20.0, 20.0, 20.0], 10.0, 20.0, 100.0),
    ([0.0, 1.0], [10.0, 10.0], [20.0, 20.0], 10.0, 20.0, 0.0),
    ([0.0, 1.0], [95.0, 10.0], [20.0, 20.0], 10.0, 20.0, 100.0)])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        geofence_events(*args)
