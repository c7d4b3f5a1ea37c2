"""Hidden tests: phone compass heading from raw magnetometer + accelerometer, graded on outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). World frame: x east,
y north, z up. The Earth's field has a per-record strength (25-65 uT) and inclination (dip).
A record = 20 s of calibration motion (the phone turned through many orientations) followed by a
2 s settle into the walking pose and a walk: the phone held in front of the user with its top
tilted up, the user turning at corners, with hand sway and the body's step accelerations. The
magnetometer sees the field through the phone's soft-iron distortion plus its hard-iron offset
and noise; the accelerometer sees specific force (gravity up + motion) with bias, gain error and
noise. Truth: the heading of the phone's top (+y) projected on the horizontal plane, clockwise
from magnetic north.
"""

import os

import numpy as np
import pytest

from candidate import compass_heading

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
G = 9.81
CAL_S, SETTLE_S = 20.0, 2.0


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, seconds, scale):
    """Smooth zero-mean random signal with correlation time ~seconds, std ~scale."""
    width = max(1, int(seconds * fs))
    x = r.normal(size=n + 2 * width)
    kernel = np.hanning(2 * width + 1)
    y = np.convolve(x, kernel / np.sqrt(np.sum(kernel ** 2)), mode="same")[width:width + n]
    return scale * y


def rot_x(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([o, z, z, z, c, -s, z, s, c], axis=-1).reshape(-1, 3, 3)


def rot_y(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([c, z, s, z, o, z, -s, z, c], axis=-1).reshape(-1, 3, 3)


def rot_z(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([c, -s, z, s, c, z, z, z, o], axis=-1).reshape(-1, 3, 3)


def quat_to_matrix(q):
    w, x, y, z = q.T
    return np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                     2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                     2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
                    axis=-1).reshape(-1, 3, 3)


def calibration_motion(r, n, fs):
    """Body-to-world rotations while the user turns the phone through many orientations."""
    omega = np.stack([smooth(r, n, fs, 0.8, 2.2) for _ in range(3)], axis=1)  # rad/s, body
    q = np.empty((n, 4))
    cur = r.normal(size=4)
    cur /= np.linalg.norm(cur)
    for k in range(n):
        q[k] = cur
        wx, wy, wz = omega[k] / fs / 2
        w0, x0, y0, z0 = cur
        cur = np.array([w0 - x0 * wx - y0 * wy - z0 * wz, w0 * wx + x0 + y0 * wz - z0 * wy,
                        w0 * wy - x0 * wz + y0 + z0 * wx, w0 * wz + x0 * wy - y0 * wx + z0])
        cur /= np.linalg.norm(cur)
    return quat_to_matrix(q)


def walk_pose(r, n, fs, t):
    """Heading (rad, clockwise from north), pitch (top up) and roll of the held phone."""
    heading = np.empty(n)
    h, k = r.uniform(0, 2 * np.pi), 0
    while k < n:
        leg = int(r.uniform(6, 20) * fs)
        heading[k:k + leg] = h
        k += leg
        h += r.choice([-1, 1]) * r.choice([np.pi / 2, np.pi / 2, np.pi, np.pi / 4, 0.3])
    # turns take about a second: smooth the steps
    width = int(0.6 * fs)
    kern = np.hanning(2 * width + 1)
    kern /= kern.sum()
    padded = np.concatenate([np.full(width, heading[0]), heading, np.full(width, heading[-1])])
    heading = np.convolve(padded, kern, mode="valid")
    cadence = r.uniform(1.6, 2.1)
    step = 2 * np.pi * cadence * t + r.uniform(0, 6.3)
    heading = heading + np.radians(r.uniform(2, 5)) * np.sin(step / 2) + smooth(r, n, fs, 2.0, 0.03)
    pitch = np.radians(r.uniform(15, 50)) + smooth(r, n, fs, 3.0, 0.06)
    pitch += np.radians(0.4) * np.sin(step + 1.0)
    roll = np.radians(r.uniform(-12, 12)) + smooth(r, n, fs, 3.0, 0.05)
    # step accelerations of the hand, world frame (east, north, up)
    fwd = r.uniform(0.6, 1.6) * np.sin(step + r.uniform(0, 6.3))
    side = r.uniform(0.3, 0.9) * np.sin(step / 2 + r.uniform(0, 6.3))
    up = r.uniform(1.2, 3.0) * np.sin(step) + 0.4 * np.sin(2 * step + r.uniform(0, 6.3))
    move = np.stack([fwd * np.sin(heading) + side * np.cos(heading),
                     fwd * np.cos(heading) - side * np.sin(heading), up], axis=1)
    return heading, pitch, roll, move


def make_record(r, fs, walk_s, dip_deg, field_ut):
    n_cal, n_settle = int(CAL_S * fs), int(SETTLE_S * fs)
    n_walk = int(walk_s * fs)
    n = n_cal + n_settle + n_walk
    t = np.arange(n) / fs
    heading, pitch, roll, move = walk_pose(r, n, fs, t)
    rot_walk = rot_z(-heading) @ rot_x(pitch) @ rot_y(roll)
    rot_cal = calibration_motion(r, n_cal + n_settle, fs)
    # settle: blend from the calibration motion into the walking pose (matrices interpolated
    # and re-orthonormalised)
    blend = np.clip((np.arange(n_cal + n_settle) - n_cal) / n_settle, 0, 1)[:, None, None]
    mixed = (1 - blend) * rot_cal + blend * rot_walk[:n_cal + n_settle]
    u, _s, vt = np.linalg.svd(mixed)
    rot = np.concatenate([u @ vt, rot_walk[n_cal + n_settle:]])
    # hand motion while calibrating; the user stands still while settling, then walks
    move[:n_cal] = np.stack([smooth(r, n_cal, fs, 0.5, 1.0) for _ in range(3)], axis=1)
    move[n_cal:n_cal + n_settle] = 0.0
    dip = np.radians(dip_deg)
    b_world = field_ut * np.array([0.0, np.cos(dip), -np.sin(dip)])
    b_body = np.einsum("nji,j->ni", rot, b_world)
    soft = np.eye(3) + np.diag(r.uniform(-0.06, 0.06, 3))
    off = r.uniform(-0.03, 0.03, 3)
    soft[0, 1] = soft[1, 0] = off[0]
    soft[0, 2] = soft[2, 0] = off[1]
    soft[1, 2] = soft[2, 1] = off[2]
    hard = r.uniform(15, 60, 3) * r.choice([-1, 1], 3)
    mag = b_body @ soft.T + hard + r.normal(0, r.uniform(0.2, 0.5), (n, 3))
    f_world = move + np.array([0.0, 0.0, G])
    acc = np.einsum("nji,nj->ni", rot, f_world)
    acc = acc * r.uniform(0.99, 1.01, 3) + r.uniform(-0.08, 0.08, 3)
    acc += r.normal(0, 0.05, (n, 3))
    # truth: horizontal direction of the body +y axis
    y_world = rot[:, :, 1]
    truth = np.degrees(np.arctan2(y_world[:, 0], y_world[:, 1])) % 360
    return mag, acc, truth


def heading_errors(est, truth, fs):
    start = int((CAL_S + SETTLE_S + 1.0) * fs)
    d = (np.asarray(est, dtype=float)[start:] - truth[start:] + 180) % 360 - 180
    return np.abs(d)


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records):
    """Per-record problems (>= 90 % of walking samples within 5 deg) as (excess, message); the
    form is asserted. Excess is the shortfall in units of the allowed 10 % slack:
    (1 - share within 5 deg) / (1 - 0.9)."""
    bad = []
    for k, (mag, acc, fs, truth, info) in enumerate(records):
        est = compass_heading(mag, acc, fs)
        est = np.asarray(est, dtype=float)
        assert est.shape == (len(mag),), f"record {k}: shape {est.shape}"
        err = heading_errors(est, truth, fs)
        within = np.mean(err <= 5.0)
        if within < 0.9:
            excess = (1 - within) / (1 - 0.9)
            bad.append((excess, f"record {k} ({info}): only {100 * within:.0f} % of walking "
                                f"samples within 5 deg (90 % needed, {excess:.1f}x tolerance); "
                                f"median error {np.median(err):.1f} deg"))
    return bad


def draw(r, dip_range, walk_range=(40, 90)):
    fs = float(r.choice([25, 50, 100]))
    sign = r.choice([-1, 1])
    dip = sign * r.uniform(*dip_range)
    field = r.uniform(25, 65)
    mag, acc, truth = make_record(r, fs, r.uniform(*walk_range), dip, field)
    return mag, acc, fs, truth, f"fs {fs:.0f} Hz, dip {dip:.0f} deg, field {field:.0f} uT"


def test_mid_latitude_walks():
    r = rng(1)
    assert_quota(check([draw(r, (50, 68)) for _ in range(6)]), 6)


def test_walks_anywhere_on_earth():
    r = rng(2)
    assert_quota(check([draw(r, (0, 70)) for _ in range(6)]), 6)


def test_steep_field_near_the_magnetic_poles():
    r = rng(3)
    bad = check([draw(r, (60, 70)) for _ in range(4)])  # 4 records: every one must pass
    assert not bad, "\n".join(message for _, message in bad)


def test_output_form():
    r = rng(4)
    mag, acc, fs, _truth, _ = draw(r, (40, 60), (10, 12))
    est = compass_heading(mag.tolist(), acc.tolist(), fs)
    est = np.asarray(est)
    assert est.shape == (len(mag),) and np.all(np.isfinite(est))
    assert np.all((est >= 0) & (est < 360))


@pytest.mark.parametrize("mag, acc, fs", [
    (np.zeros((3000, 2)), np.zeros((3000, 3)), 100.0),
    (np.zeros((3000, 3)), np.zeros((2999, 3)), 100.0),
    (np.zeros((3000, 3)), np.zeros((3000, 3)), 0.0),
    (np.zeros((1000, 3)), np.zeros((1000, 3)), 50.0),
])
def test_invalid_input_raises(mag, acc, fs):
    with pytest.raises(ValueError):
        compass_heading(mag, acc, fs)
