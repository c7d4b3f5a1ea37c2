"""Hidden tests: trip distance from noisy 1 Hz GPS fixes of a delivery car or bicycle courier.

Every trip is drawn from the run's data seed (IOTBENCH_DATA_SEED). The true route is a street
path of straight legs (80-700 m) joined by rounded corners (radius 6-15 m); the vehicle follows
it with a speed profile limited by acceleration, corner speed, traffic-light stops (15-90 s) and
delivery stops (2-8 min). Its length is the ground truth. Fixes at 1 s carry a slowly wandering
error (smooth, 2-5 m, 30-120 s correlation), white jitter (0.5-1.5 m), urban-canyon multipath
episodes (40-150 m off for 4-14 s, ramping in and out within 1-2 s), isolated wild fixes (100-600 m),
tunnel/underpass gaps (15-60 s, on straight stretches) and short dropouts. Positions are placed at a random place on
Earth between 60 S and 60 N.
"""

import math
import os

import numpy as np
import pytest
from scipy.signal import lfilter

from candidate import trip_distance

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


def make_trip(r, kind="car"):
    xy, s, corners = route(r, int(r.integers(8, 20)) if kind == "car" else int(r.integers(6, 14)))
    t_of_s, stops = speed_profile(r, s, corners, kind)
    duration = t_of_s[-1]
    t = np.arange(0.0, duration, 1.0) + r.uniform(0, 1)
    t = t[t < duration]
    pos_s = np.interp(t, t_of_s, s)
    true = np.column_stack([np.interp(pos_s, s, xy[:, 0]), np.interp(pos_s, s, xy[:, 1])])
    n = len(t)
    sig_c, tau = r.uniform(2, 5), r.uniform(30, 120)
    err = np.column_stack([wander(r, n, tau, sig_c), wander(r, n, tau, sig_c)])
    err += r.normal(0, r.uniform(0.5, 1.5), (n, 2))
    # multipath episodes: ramp in, hold, ramp out
    for _ in range(int(r.integers(2, 6))):
        start = r.uniform(30, t[-1] - 45)
        ramp_in, hold, ramp_out = r.uniform(1, 2), r.uniform(2, 10), r.uniform(1, 2)
        prof = np.clip(np.minimum((t - start) / ramp_in, (start + ramp_in + hold + ramp_out - t)
                                  / ramp_out), 0, 1)
        ang = r.uniform(0, 2 * np.pi)
        err += np.outer(prof * r.uniform(40, 150), [np.cos(ang), np.sin(ang)])
    for k in r.choice(np.arange(30, n - 30), int(r.integers(2, 6)), replace=False):  # wild
        ang = r.uniform(0, 2 * np.pi)
        err[k] += r.uniform(100, 600) * np.array([np.cos(ang), np.sin(ang)])
    meas = true + err
    keep = np.ones(n, bool)
    # tunnels / underpasses while moving, and short dropouts
    speed = np.gradient(pos_s, t)
    moving = np.flatnonzero(speed > 2)
    tunnels = int(r.integers(1, 3))
    for _ in range(200):  # tunnels and underpasses are straight: the gap must not hide a corner
        if tunnels == 0 or len(moving) == 0:
            break
        k = int(r.choice(moving))
        span = true[k - 1:k + int(r.uniform(15, 60)) + 1]
        if k < 1 or len(span) < 10:
            continue
        chord = span[-1] - span[0]
        normal = np.array([-chord[1], chord[0]]) / (np.linalg.norm(chord) + 1e-9)
        if np.abs((span - span[0]) @ normal).max() < 2.0 and np.linalg.norm(chord) > 100:
            keep[k:k + len(span) - 2] = False
            tunnels -= 1
    for _ in range(int(r.integers(3, 10))):
        k = int(r.integers(0, n))
        keep[k:k + int(r.integers(1, 6))] = False
    keep[0] = keep[-1] = True
    t, meas = t[keep], meas[keep]
    lat0, lon0 = r.uniform(-60, 60), r.uniform(-180, 180)
    lat = lat0 + np.degrees(meas[:, 1] / EARTH_R)
    lon = lon0 + np.degrees(meas[:, 0] / (EARTH_R * math.cos(math.radians(lat0))))
    lon = (lon + 180.0) % 360.0 - 180.0
    # the trip distance: the path driven between the first and last fix
    true_len = float(np.interp(pos_s[keep][-1], s, s) - np.interp(pos_s[keep][0], s, s))
    return t, lat, lon, true_len


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run(stream, count, kind, tol):
    r = rng(stream)
    bad = []
    errors = []
    for i in range(count):
        t, lat, lon, truth = make_trip(r, kind)
        got = trip_distance(t, lat, lon)
        assert isinstance(got, (float, np.floating)) and not isinstance(got, bool), type(got)
        assert np.isfinite(got), f"trip {i}: distance must be finite, got {got}"
        rel = (float(got) - truth) / truth
        errors.append(rel)
        if abs(rel) > tol:
            excess = abs(rel) / tol  # relative error in units of the relative tolerance
            bad.append((excess, f"trip {i} ({kind}, {len(t)} fixes, {t[-1] / 60:.0f} min): "
                                f"{float(got):.0f} m, true {truth:.0f} m ({100 * rel:+.1f} %, "
                                f"tolerance {100 * tol:.0f} %; {excess:.1f}x tolerance)"))
    return bad, errors


def test_delivery_car_trips():
    bad, _ = run(1, 5, "car", 0.03)
    assert_quota(bad, 5)


def test_bicycle_courier_trips():
    bad, _ = run(2, 5, "bike", 0.03)
    assert_quota(bad, 5)


def test_parked_vehicle_travels_nowhere():
    r = rng(3)
    n = 1800
    t = np.arange(n, dtype=float)
    err = np.column_stack([wander(r, n, 60, 4), wander(r, n, 60, 4)]) + r.normal(0, 1.2, (n, 2))
    lat = 48.1 + np.degrees(err[:, 1] / EARTH_R)
    lon = 11.5 + np.degrees(err[:, 0] / (EARTH_R * math.cos(math.radians(48.1))))
    got = float(trip_distance(t, lat, lon))
    assert got <= 100.0, f"a vehicle parked for 30 min 'travelled' {got:.0f} m"


def test_edge_cases():
    assert float(trip_distance([0.0], [10.0], [20.0])) == 0.0
    # two clean fixes 1 km apart (north), 2 minutes apart
    d = float(trip_distance([0.0, 120.0], [10.0, 10.0 + np.degrees(1000 / EARTH_R)],
                            [20.0, 20.0]))
    assert abs(d - 1000.0) < 10.0


@pytest.mark.parametrize("t, lat, lon", [
    ([0.0, 1.0, 2.0], [10.0, 10.0], [20.0, 20.0, 20.0]),
    ([0.0, 2.0, 1.0], [10.0, 10.0, 10.0], [20.0, 20.0, 20.0]),
    ([0.0, 1.0], [95.0, 10.0], [20.0, 20.0])])
def test_invalid_input_raises(t, lat, lon):
    with pytest.raises(ValueError):
        trip_distance(t, lat, lon)
