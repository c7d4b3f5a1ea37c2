"""Hidden tests: turns of a walking person counted from a phone in a trouser pocket.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The person's heading psi(t)
(z up, counter-clockwise positive) is a sum of turns (70-180 degrees, left or right, completed in
0.9-3.5 s, while walking or pivoting on the spot), gradual bends of the path (30-50 degrees over
10-20 s), quick dodges (20-35 degrees and back) and meandering. The phone rides on the thigh:
attitude = Rz(psi + pelvis yaw oscillation) * Ry(thigh flexion: swinging +-20-28 degrees per
stride while walking, 90 degrees when seated) * Rz(thigh rotation oscillation) * pocket
orientation (uniformly random). Specific force: gravity, vertical bounce and heel strikes, the
thigh's tangential and centripetal acceleration at 0.2-0.3 m from the hip, turn centripetal
acceleration. Gyroscope = body rate of that attitude with bias up to 2 deg/s, gain error, noise.
"""

import os

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from candidate import detect_turns

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
G = 9.81


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz, scale):
    width = max(1, int(fs / cutoff_hz))
    kernel = np.convolve(np.ones(width), np.ones(width))
    kernel /= np.linalg.norm(kernel)
    return scale * np.convolve(r.normal(size=n + len(kernel)), kernel, mode="valid")[:n]


def smoothstep(t, start, duration):
    """0 before start, 1 after start + duration, raised cosine in between."""
    x = np.clip((t - start) / duration, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * x)


def make_record(r, fs, plan, events=True):
    """plan: list of (kind, seconds). kinds: walk, stand, sit. Turns, bends and dodges are
    placed inside walks (and pivots inside stands). Returns acc, gyro, true turns."""
    total = sum(sec for _, sec in plan)
    n = int(total * fs)
    t = np.arange(n) / fs
    walking = np.zeros(n)
    seated = np.zeros(n)
    heading = np.full(n, r.uniform(-np.pi, np.pi))
    turns = []
    pos = 0.0
    for kind, sec in plan:
        a, b = pos, pos + sec
        if kind == "walk":
            walking += smoothstep(t, a, 0.8) - smoothstep(t, b - 0.8, 0.8)
            # events inside the walk, spaced so that they do not overlap
            cursor = a + r.uniform(3, 6)
            while events and cursor < b - 8:
                what = r.choice(["turn", "turn", "bend", "dodge"])
                if what == "turn":
                    ang = np.radians(r.uniform(70, 180)) * r.choice([-1, 1])
                    dur = r.uniform(0.9, 1.2) + abs(ang) / np.radians(r.uniform(60, 120))
                    dur = min(dur, 3.5)
                    heading += ang * smoothstep(t, cursor, dur)
                    turns.append((cursor + dur / 2, np.degrees(ang)))
                    cursor += dur + r.uniform(4, 10)
                elif what == "bend":
                    ang = np.radians(r.uniform(30, 50)) * r.choice([-1, 1])
                    dur = r.uniform(10, 20)
                    if cursor + dur > b - 3:
                        break
                    heading += ang * smoothstep(t, cursor, dur)
                    cursor += dur + r.uniform(3, 6)
                else:
                    ang = np.radians(r.uniform(20, 35)) * r.choice([-1, 1])
                    d1, d2 = r.uniform(0.6, 1.2), r.uniform(1.0, 3.0)
                    heading += ang * (smoothstep(t, cursor, d1) - smoothstep(t, cursor + d1 + d2,
                                                                              d1))
                    cursor += 2 * d1 + d2 + r.uniform(4, 8)
        elif kind == "stand":
            if events and sec > 8 and r.random() < 0.6:  # turn around on the spot
                ang = np.radians(r.uniform(90, 180)) * r.choice([-1, 1])
                dur = r.uniform(1.5, 3.0)
                start = a + r.uniform(2, sec - dur - 2)
                heading += ang * smoothstep(t, start, dur)
                turns.append((start + dur / 2, np.degrees(ang)))
                walking += 0.5 * (smoothstep(t, start, 0.3) - smoothstep(t, start + dur, 0.3))
        elif kind == "sit":
            seated += smoothstep(t, a + 0.5, r.uniform(1.0, 1.8)) - smoothstep(
                t, b - 2.0, r.uniform(1.0, 1.5))
        pos = b
    heading += smooth_noise(r, n, fs, 0.05, np.radians(3))  # meandering
    # gait
    stride = r.uniform(0.85, 1.05)
    phase = 2 * np.pi * np.cumsum(stride * (1 + smooth_noise(r, n, fs, 0.05, 0.03))) / fs
    swing = np.radians(r.uniform(20, 28))
    flex = np.radians(10) * walking + walking * swing * np.sin(phase) + np.radians(90) * seated
    flex += smooth_noise(r, n, fs, 1.0, np.radians(1.0))
    pelvis = walking * np.radians(r.uniform(4, 8)) * np.sin(phase + r.uniform(0, 6.3))
    twist = walking * np.radians(r.uniform(3, 7)) * np.sin(phase + r.uniform(0, 6.3))
    side = r.choice([-1, 1])  # left or right pocket: flexion sign convention
    thigh = Rotation.from_euler("ZYZ", np.column_stack([heading + pelvis, side * flex, twist]))
    pocket = Rotation.from_rotvec(Rotation.random(random_state=int(r.integers(2 ** 31)))
                                  .as_rotvec())
    att = thigh * pocket
    # specific force in the world frame, g
    f = np.zeros((n, 3))
    f[:, 2] = 1.0
    f[:, 2] += walking * r.uniform(0.15, 0.3) * np.sin(2 * phase + 0.3)
    strike = np.maximum(0, np.cos(phase - 0.2)) ** 30 * walking * r.uniform(0.5, 1.2)
    f[:, 2] += strike
    radius = r.uniform(0.2, 0.3)
    dflex = np.gradient(flex, 1 / fs)
    ddflex = np.gradient(dflex, 1 / fs)
    along = thigh.apply([0.0, 0.0, -1.0])   # hip -> knee
    tangent = thigh.apply([side * -1.0, 0.0, 0.0])
    tangent -= (tangent * along).sum(1, keepdims=True) * along
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    f += (radius * ddflex)[:, None] * tangent / G - (radius * dflex ** 2)[:, None] * along / G
    turn_rate = np.gradient(heading, 1 / fs)
    left = np.column_stack([-np.sin(heading), np.cos(heading), np.zeros(n)])
    f += (walking * 1.3 * turn_rate)[:, None] * left / G
    acc = att.inv().apply(f)
    rel = att[:-2].inv() * att[2:]
    omega = rel.as_rotvec() * fs / 2
    gyro = np.degrees(np.vstack([omega[:1], omega, omega[-1:]]))
    acc = acc * r.uniform(0.98, 1.02, 3) + r.uniform(-0.03, 0.03, 3)
    acc += r.normal(0, 0.01, acc.shape)
    gyro = gyro * r.uniform(0.99, 1.01, 3) + r.uniform(-2, 2, 3)
    gyro += r.normal(0, 0.2, gyro.shape)
    return acc, gyro, turns


def random_plan(r, minutes):
    plan = [("stand", r.uniform(3, 5))]
    total = 0
    while total < minutes * 60:
        kind = r.choice(["walk", "walk", "walk", "stand", "sit"])
        sec = {"walk": r.uniform(25, 60), "stand": r.uniform(6, 15), "sit": r.uniform(15, 40)}[
            kind]
        if kind != "walk" and plan[-1][0] != "walk":
            kind, sec = "walk", r.uniform(25, 60)
        plan.append((kind, sec))
        total += sec
    plan.append(("stand", 4))
    return plan


def match(out, truth, t_tol=1.5, a_tol=20.0):
    """Greedy one-to-one matching by time; returns list of problems (empty when all good), each
    (excess, message): |angle error| / a_tol, or inf for a missed or false turn."""
    problems = []
    used = set()
    for tt, ang in truth:
        cands = [i for i, (to, ao) in enumerate(out) if abs(to - tt) <= t_tol and i not in used]
        if not cands:
            problems.append((float("inf"), f"missed {ang:+.0f} deg turn at {tt:.1f} s"))
            continue
        i = min(cands, key=lambda i: abs(out[i][0] - tt))
        used.add(i)
        if abs(out[i][1] - ang) > a_tol:
            excess = abs(out[i][1] - ang) / a_tol
            problems.append((excess, f"turn at {tt:.1f} s: reported {out[i][1]:+.0f} deg, true "
                                     f"{ang:+.0f} ({excess:.1f}x tolerance)"))
    for i, (to, ao) in enumerate(out):
        if i not in used:
            problems.append((float("inf"), f"false turn {ao:+.0f} deg at {to:.1f} s"))
    return problems


def check_form(out):
    assert isinstance(out, list), f"expected a list, got {type(out).__name__}"
    clean = []
    for item in out:
        assert len(item) == 2, f"each turn must be (time, angle), got {item!r}"
        clean.append((float(item[0]), float(item[1])))
    assert [c[0] for c in clean] == sorted(c[0] for c in clean), "turns must be in time order"
    return clean


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_records(stream, count, minutes, fs_choices):
    r = rng(stream)
    bad_records = []
    n_turns = 0
    for i in range(count):
        fs = float(r.choice(fs_choices))
        acc, gyro, truth = make_record(r, fs, random_plan(r, minutes))
        n_turns += len(truth)
        out = check_form(detect_turns(acc, gyro, fs))
        problems = match(out, truth)
        if problems:
            excess = max(e for e, _ in problems)
            bad_records.append((excess, f"record {i} (fs {fs}, {len(truth)} turns): " + "; ".join(
                message for _, message in problems[:4])))
    return bad_records, n_turns


def test_walks_with_turns_bends_and_dodges():
    bad, n = run_records(1, 5, 2.0, [50, 100])
    assert_quota(bad, 5)


def test_longer_days_with_sitting_and_standing():
    bad, n = run_records(2, 3, 4.0, [50, 64, 100])
    assert not bad, "\n".join(message for _, message in bad)   # 3 records: every one must pass


def test_straight_walk_has_no_turns():
    r = rng(3)
    for fs in (50.0, 100.0):
        plan = [("stand", 4), ("walk", 80), ("sit", 30), ("walk", 40), ("stand", 6)]
        acc, gyro, truth = make_record(r, fs, plan, events=False)
        assert truth == []
        out = check_form(detect_turns(acc, gyro, fs))
        assert out == [], f"fs {fs}: reported turns {out} on a walk without turns"


def test_output_form_and_still_phone():
    fs = 50.0
    n = int(30 * fs)
    r = rng(4)
    acc = np.array([0.1, -0.95, 0.25]) + r.normal(0, 0.01, (n, 3))
    gyro = np.array([1.5, -1.0, 0.7]) + r.normal(0, 0.2, (n, 3))
    assert detect_turns(acc, gyro, fs) == []


@pytest.mark.parametrize("acc, gyro, fs", [
    (np.zeros((100, 2)), np.zeros((100, 3)), 50.0),
    (np.zeros((100, 3)), np.zeros((90, 3)), 50.0),
    (np.zeros(300), np.zeros(300), 50.0),
    (np.ones((100, 3)), np.zeros((100, 3)), 0.0)])
def test_invalid_input_raises(acc, gyro, fs):
    with pytest.raises(ValueError):
        detect_turns(acc, gyro, fs)
