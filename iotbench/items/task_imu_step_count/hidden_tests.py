"""Hidden tests: steps counted from realistic wrist accelerometry, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED), so no program can know it
in advance. A record is built in the world frame (vertical heel-strike impacts and body bounce at
the step rate, arm swing at half the step rate), turned into the band's frame by a random,
slowly wobbling orientation, and given a per-axis offset and gain error, sensor noise and
gravity. Confounders (typing, gestures, vehicle vibration) contain no steps.
"""

import os

import numpy as np
import pytest

from candidate import count_steps

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def random_rotation(r):
    q = r.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def small_rotation(angles):
    """Rotation matrices (n, 3, 3) for small per-sample angles (n, 3) in radians (Rz Ry Rx)."""
    ca, cb, cc = np.cos(angles).T
    sa, sb, sc = np.sin(angles).T
    one, zero = np.ones_like(ca), np.zeros_like(ca)
    rx = np.stack([one, zero, zero, zero, ca, -sa, zero, sa, ca], axis=1).reshape(-1, 3, 3)
    ry = np.stack([cb, zero, sb, zero, one, zero, -sb, zero, cb], axis=1).reshape(-1, 3, 3)
    rz = np.stack([cc, -sc, zero, sc, cc, zero, zero, zero, one], axis=1).reshape(-1, 3, 3)
    return rz @ ry @ rx


def smooth_noise(r, n, fs, cutoff_hz, scale):
    """Band-limited random walk-free noise: white noise low-passed by a moving average."""
    width = max(1, int(fs / cutoff_hz))
    x = r.normal(size=n + width)
    kernel = np.ones(width) / np.sqrt(width)
    return scale * np.convolve(x, kernel, mode="valid")[:n]


def walking_world(r, t, fs, running=False):
    """World-frame dynamic acceleration (n, 3) [forward, lateral, up] and the step count."""
    n = len(t)
    duration = t[-1] + 1 / fs
    cadence0 = r.uniform(2.5, 3.0) if running else r.uniform(1.45, 2.1)
    drift = 0.08 * cadence0 * np.sin(2 * np.pi * t / r.uniform(20, 60) + r.uniform(0, 6.3))
    phase = np.cumsum((cadence0 + drift) / fs) + r.uniform(0, 1)
    # steps happen when the phase crosses an integer, with a little timing jitter
    crossings = np.flatnonzero(np.diff(np.floor(phase)) > 0) + 1
    step_times = t[crossings] + r.normal(0, 0.012, size=crossings.size)
    step_times = step_times[(step_times > 0.3) & (step_times < duration - 0.3)]
    acc = np.zeros((n, 3))
    impact = r.uniform(0.9, 1.8) if running else r.uniform(0.25, 0.6)
    for k, ts in enumerate(step_times):
        a = impact * r.uniform(0.7, 1.3)
        d = t - ts
        acc[:, 2] += a * (np.exp(-(d / 0.035) ** 2) - 0.45 * np.exp(-((d - 0.11) / 0.07) ** 2))
        acc[:, 0] += 0.3 * a * np.exp(-((d - 0.02) / 0.05) ** 2) * (1 if k % 2 else -0.6)
    step_phase = 2 * np.pi * phase
    acc[:, 2] += r.uniform(0.05, 0.15) * np.sin(step_phase + 0.4)  # body bounce
    # arm swing: a pendulum at half the step rate, mostly forward, a little vertical
    swing = r.uniform(0.25, 0.6) * (1.6 if running else 1.0)
    acc[:, 0] += swing * np.sin(step_phase / 2)
    # the wrist moves on an arc: up at both ends of the swing (step rate), plus a small
    # forward/backward asymmetry (stride rate)
    acc[:, 2] += 0.25 * swing * np.cos(step_phase) + 0.1 * swing * np.sin(step_phase / 2 + 0.5)
    acc[:, 1] += 0.15 * swing * np.sin(step_phase / 2 + 1.0)
    return acc, step_times.size


def typing_world(r, t, fs):
    n = len(t)
    acc = np.zeros((n, 3))
    pos = 0.0
    while pos < t[-1]:
        burst = r.uniform(2, 8)
        rate = r.uniform(3, 7)
        for key_time in np.arange(pos, min(pos + burst, t[-1]), 1 / rate):
            key_time += r.normal(0, 0.03)
            d = t - key_time
            acc += (r.uniform(0.02, 0.09) * np.exp(-(d / 0.012) ** 2))[:, None] * r.normal(size=3)
        pos += burst + r.uniform(0.5, 4)
        if r.random() < 0.5:  # move the hand to the mouse and back
            d = t - pos
            acc[:, 0] += r.uniform(0.1, 0.3) * np.exp(-(d / 0.25) ** 2)
    return acc


def gesture_world(r, t, fs):
    acc = smooth_noise(r, len(t), fs, 0.7, 0.01)[:, None] * np.ones(3)
    for g in r.uniform(0, t[-1], size=max(1, int(t[-1] / 15))):
        d = t - g
        length = r.uniform(0.4, 1.2)
        amp = r.uniform(0.2, 0.5)
        wave = amp * np.sin(2 * np.pi * d / length) * (np.abs(d) < length)
        acc += wave[:, None] * r.normal(size=3)
    return acc


def vehicle_world(r, t, fs):
    n = len(t)
    acc = np.zeros((n, 3))
    vib = r.normal(size=(n, 3)) * r.uniform(0.02, 0.06)
    # engine/road vibration: content well above walking rates
    k = max(1, int(fs / 25))
    vib = np.cumsum(vib, axis=0)
    vib[k:] = vib[k:] - vib[:-k]
    acc += vib / np.sqrt(k)
    acc[:, 0] += smooth_noise(r, n, fs, 0.3, 0.04)  # braking and accelerating
    acc[:, 1] += smooth_noise(r, n, fs, 0.2, 0.04)  # turns
    for bump in r.uniform(0, t[-1], size=int(t[-1] / r.uniform(4, 10))):
        d = t - bump
        acc[:, 2] += r.uniform(0.1, 0.3) * np.exp(-(d / 0.08) ** 2) * np.cos(2 * np.pi * 3 * d)
    return acc


def to_band(r, world, fs):
    """Dynamic world-frame acceleration + gravity, seen by a wobbling band with offset, gain and
    noise; returns float64 samples in g, shape (n, 3)."""
    n = len(world)
    total = world + np.array([0.0, 0.0, 1.0])
    base = random_rotation(r)
    wobble = np.stack([smooth_noise(r, n, fs, 0.3, 0.04) for _ in range(3)], axis=1)
    rot = small_rotation(wobble) @ base
    band = np.einsum("nij,nj->ni", rot, total)
    band = band * r.uniform(0.97, 1.03, size=3) + r.uniform(-0.06, 0.06, size=3)
    band += r.normal(0, r.uniform(0.005, 0.02), size=(n, 3))
    return band


def record(r, segments, fs):
    """Concatenate (kind, seconds) segments into one band recording; return (acc, true steps)."""
    parts, steps = [], 0
    for kind, seconds in segments:
        t = np.arange(int(seconds * fs)) / fs
        if kind in ("walk", "run"):
            world, k = walking_world(r, t, fs, running=kind == "run")
            steps += k
        elif kind == "type":
            world = typing_world(r, t, fs)
        elif kind == "gesture":
            world = gesture_world(r, t, fs)
        elif kind == "vehicle":
            world = vehicle_world(r, t, fs)
        else:
            world = smooth_noise(r, len(t), fs, 0.5, 0.005)[:, None] * np.ones(3)
        parts.append(world)
    world = np.concatenate(parts)
    return to_band(r, world, fs), steps


def relative_error(counted, truth):
    return abs(counted - truth) / truth


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def test_walking_in_any_orientation():
    r = rng(1)
    errors = []
    bad = []
    for i in range(6):
        fs = float(r.choice([25, 32, 50, 100]))
        acc, truth = record(r, [("walk", r.uniform(60, 120))], fs)
        counted = int(count_steps(acc, fs))
        errors.append(relative_error(counted, truth))
        if relative_error(counted, truth) > 0.08:
            excess = relative_error(counted, truth) / 0.08   # tolerances out
            bad.append((excess, f"record {i}: counted {counted} steps, true {truth} (fs {fs} "
                                f"Hz), relative error {relative_error(counted, truth):.3f} > 0.08 "
                                f"({excess:.1f}x tolerance)"))
    assert np.mean(errors) <= 0.05, f"mean relative error {np.mean(errors):.3f}"
    assert_quota(bad, 6)


def test_running():
    r = rng(2)
    for i in range(4):
        fs = float(r.choice([50, 100]))
        acc, truth = record(r, [("run", r.uniform(40, 90))], fs)
        counted = int(count_steps(acc, fs))
        assert relative_error(counted, truth) <= 0.08, (
            f"record {i}: counted {counted} steps, true {truth} (fs {fs} Hz)")


def test_a_day_with_walks_between_other_activities():
    r = rng(3)
    for i in range(4):
        fs = float(r.choice([25, 50, 100]))
        segments = [("sit", 20), ("walk", r.uniform(40, 80)), ("type", r.uniform(30, 60)),
                    ("walk", r.uniform(30, 60)), ("vehicle", r.uniform(60, 120)),
                    ("gesture", 30), ("walk", r.uniform(20, 40))]
        acc, truth = record(r, segments, fs)
        counted = int(count_steps(acc, fs))
        assert relative_error(counted, truth) <= 0.08, (
            f"record {i}: counted {counted} steps, true {truth} (fs {fs} Hz)")


@pytest.mark.parametrize("activity", ["type", "vehicle", "gesture", "sit"])
def test_no_steps_without_walking(activity):
    r = rng(4 + ["type", "vehicle", "gesture", "sit"].index(activity))
    for fs in (25.0, 50.0, 100.0):
        acc, _ = record(r, [(activity, 120)], fs)
        counted = int(count_steps(acc, fs))
        assert counted <= 10, f"{activity}: counted {counted} steps in 120 s with none (fs {fs})"


def test_returns_int_and_handles_short_input():
    r = rng(9)
    acc, _ = record(r, [("walk", 30)], 50.0)
    value = count_steps(acc, 50.0)
    assert isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    assert int(count_steps(acc[:40], 50.0)) == 0


@pytest.mark.parametrize("acc, fs", [(np.zeros((100, 2)), 50.0), (np.zeros(300), 50.0),
                                     (np.zeros((100, 3)), 0.0), (np.zeros((100, 3)), -5.0)])
def test_invalid_input_raises(acc, fs):
    with pytest.raises(ValueError):
        count_steps(acc, fs)
