"""Hidden tests: motion of a person in a room from WiFi CSI amplitudes, per 1 s window.

Each record simulates a link across a room (2-D geometry: transmitter and receiver on two walls,
a static multipath channel). A person enters, moves (walks about, or stands at a spot busy with
the hands, turning and shifting) and leaves; the body is modelled as torso, legs and arms, each a reflection
whose path length follows the geometry, and the body shadows the line of sight when it crosses
it. Between episodes the room is empty. Confounders that are *not* motion in the room: a
receiver AGC switching the gain of whole packets between levels every few seconds, corrupted
packets, a ceiling fan that runs for part or all of the record (a rotating, periodically
modulated reflection), and a door swinging in the neighbouring room (a weak, brief change).
Windows are graded away from the edges of the motion episodes.
"""

import os

import numpy as np
import pytest

from candidate import detect_motion

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
C = 3.0e8


def rng(stream):
    return np.random.default_rng([SEED, stream])


def packet_times(r, duration, rate):
    """Near-periodic packets with jitter, random losses and a few lost bursts."""
    t = np.arange(0, duration, 1 / rate) + r.normal(0, 0.08 / rate, int(np.ceil(duration * rate)))
    keep = r.random(t.size) > r.uniform(0.02, 0.08)
    for start in r.uniform(0, duration, r.integers(1, 5)):
        keep &= ~((t > start) & (t < start + r.uniform(0.1, 0.8)))
    t = np.sort(t[keep])
    t = t[(t >= 0) & (t < duration)]
    return t[np.concatenate([[True], np.diff(t) > 1e-4])]


class Room:
    def __init__(self, r, fc, n_sub):
        self.w, self.h = r.uniform(4, 7), r.uniform(4, 7)
        self.tx = np.array([0.0, r.uniform(0.5, self.h - 0.5)])
        self.rx = np.array([self.w, r.uniform(0.5, self.h - 0.5)])
        bandwidth = {30: 20e6, 56: 20e6, 114: 40e6}[n_sub]
        self.freqs = fc + np.linspace(-0.45, 0.45, n_sub) * bandwidth
        los = np.linalg.norm(self.rx - self.tx)
        n_paths = 10  # line of sight plus wall, floor, ceiling and furniture reflections
        lengths = np.concatenate([[los], los + r.uniform(1, 25, n_paths - 1)])
        gains = np.concatenate([[1.0], r.uniform(0.4, 1.0, n_paths - 1) * los / lengths[1:]])
        self.los_gain = gains[0]
        self.los_length = los
        self.static_paths = (gains * np.exp(1j * r.uniform(0, 6.3, n_paths)), lengths)
        self.level = 1.0

    def path(self, gain, length):
        """Contribution (n_sub, n) of a path with per-packet gain and length (m)."""
        return gain[None, :] * np.exp(-2j * np.pi * self.freqs[:, None] * length[None, :] / C)

    def bistatic(self, p):
        return np.linalg.norm(p - self.tx, axis=-1) + np.linalg.norm(p - self.rx, axis=-1)


def smooth(r, t, seconds):
    """Unit-variance random motion at times t, correlated over about `seconds`."""
    grid = np.arange(t[0] - 1, t[-1] + 1, 0.05) if t.size else np.zeros(1)
    width = max(1, int(seconds / 0.05))
    x = r.normal(size=grid.size + width)
    x = np.convolve(x, np.ones(width) / np.sqrt(width), mode="valid")[:grid.size]
    return np.interp(t, grid, x)


def person_episode(r, room, t, kind):
    """Channel contribution (n_sub, n) of a person during one episode (t relative to its start,
    t >= 0 and t < duration), and the LOS attenuation factor per packet."""
    n = t.size
    dur = t[-1] if n else 0.0
    door = np.array([r.uniform(0.5, room.w - 0.5), 0.0])
    # a path through the room: in through the door, some waypoints, out through the door
    if kind == "walk":
        pts = [door] + [np.array([r.uniform(0.5, room.w - 0.5), r.uniform(0.5, room.h - 0.5)])
                        for _ in range(r.integers(2, 5))] + [door]
    else:  # walk to a spot, stay there busy, walk back out
        spot = np.array([r.uniform(1, room.w - 1), r.uniform(1, room.h - 1)])
        pts = [door, spot, spot, door]
    pts = np.array(pts)
    seg_len = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    speed = r.uniform(0.6, 1.3)
    walk_time = seg_len / speed
    stay = max(dur - walk_time.sum(), 0.0)
    if kind != "walk":
        walk_time[1] = stay  # the middle "segment" (spot to spot) is the stay
    scale = dur / max(walk_time.sum(), 1e-9)
    knots = np.concatenate([[0], np.cumsum(walk_time * scale)])
    pos = np.stack([np.interp(t, knots, pts[:, k]) for k in range(2)], axis=1)
    moving = np.ones(n, dtype=bool)
    heading = np.gradient(pos, axis=0)
    norm = np.linalg.norm(heading, axis=1, keepdims=True)
    heading = np.where(norm > 1e-9, heading / np.maximum(norm, 1e-12), np.array([1.0, 0.0]))
    if kind != "walk":
        moving = ~((t > knots[1]) & (t < knots[2]))
    stride = r.uniform(0.8, 1.0)  # strides per second
    swing = np.sin(2 * np.pi * stride * t) * moving
    gain_t = r.uniform(0.3, 0.6)
    parts = []
    # torso with gait bounce, two legs and two arms swinging along the heading
    torso = pos + 0.03 * heading * np.sin(4 * np.pi * stride * t)[:, None]
    parts.append((torso, gain_t))
    for side in (1, -1):
        parts.append((pos + 0.3 * side * swing[:, None] * heading, 0.35 * gain_t))
        parts.append((pos + 0.2 * -side * swing[:, None] * heading, 0.2 * gain_t))
    if kind == "busy":  # stands at a spot and works with the hands, turning and shifting
        inside = ((t > knots[1]) & (t < knots[2])).astype(float)
        for _ in range(2):  # the hands keep working: a steady rhythm plus irregular reaches
            reach = 0.3 * smooth(r, t, r.uniform(0.4, 1.2)) + r.uniform(0.1, 0.2) * np.sin(
                2 * np.pi * r.uniform(0.4, 1.2) * t + r.uniform(0, 6.3))
            direction = r.normal(size=2)
            direction /= np.linalg.norm(direction)
            parts.append((pos + (reach * inside)[:, None] * direction, 0.6 * gain_t))
        shift = np.stack([0.25 * smooth(r, t, 2.0), 0.25 * smooth(r, t, 2.0)], axis=1)
        parts[0] = (torso + shift * inside[:, None], gain_t)
    h = np.zeros((room.freqs.size, n), dtype=complex)
    for p, g in parts:
        length = room.bistatic(p)
        h += room.path(g * room.los_length / length * np.ones(n), length)
    # shadowing of the line of sight when the body is near it
    d = room.rx - room.tx
    u = np.clip(((pos - room.tx) @ d) / (d @ d), 0, 1)
    dist = np.linalg.norm(pos - (room.tx + u[:, None] * d), axis=1)
    los_factor = 1 - r.uniform(0.3, 0.6) * np.exp(-(dist / 0.3) ** 2)
    return h, los_factor


def fan_contribution(room, r, t, on, depth):
    """A ceiling fan: a reflection modulated periodically by the passing blades; `depth` is the
    size of the modulation relative to the line of sight."""
    f_rot = r.uniform(1.5, 3.0)  # 90-180 rpm
    blades = int(r.integers(3, 6))
    phase = 2 * np.pi * f_rot * t + 0.3 * np.sin(2 * np.pi * t / 40)  # speed drifts slightly
    blade = np.cos(blades * phase) + 0.3 * np.cos(2 * blades * phase + r.uniform(0, 6.3))
    spot = np.array([r.uniform(1, room.w - 1), r.uniform(1, room.h - 1)])
    length = room.bistatic(spot) * np.ones(t.size)
    base = r.uniform(1.5, 3.0) * depth  # the blades modulate part of the fan's reflection
    gain = (base + depth * blade / 1.3) * on
    return room.path(gain, length)


def door_contribution(room, r, t, times):
    """A door swinging in the next room: a weak path whose length changes for ~1.5 s."""
    _h = np.zeros((room.freqs.size, t.size), dtype=complex)
    base = room.los_length + r.uniform(6, 12)
    total = np.zeros_like(t)
    for start in times:
        dur = r.uniform(1.0, 2.0)
        u = np.clip((t - start) / dur, 0, 1)
        total += r.choice([-1, 1]) * r.uniform(0.5, 1.2) * (0.5 - 0.5 * np.cos(np.pi * u))
    return room.path(r.uniform(0.01, 0.025) * np.ones(t.size), base + total)


def agc_gain_db(r, t):
    n_switch = max(3, r.poisson((t[-1] - t[0]) / r.uniform(3.0, 10.0)))
    switch_times = np.sort(r.uniform(t[0], t[-1], n_switch))
    levels = np.round(r.uniform(-2.5, 2.5, n_switch + 1) * 2) / 2
    return levels[np.searchsorted(switch_times, t)]


def make_record(r, duration, episodes, fan=None, doors=0):
    """episodes: list of (kind, start, length). fan: None or (start, stop).
    Returns amplitude, timestamps, and the episodes' (start, stop) in the timestamps' clock."""
    fc = float(r.choice([2.437e9, 5.18e9, 5.5e9, 5.8e9]))
    n_sub = int(r.choice([30, 56, 114]))
    room = Room(r, fc, n_sub)
    t = packet_times(r, duration, 100.0)
    gains, lengths = room.static_paths
    los_factor = np.ones(t.size)
    h = np.zeros((n_sub, t.size), dtype=complex)
    for kind, start, length in episodes:
        inside = (t >= start) & (t < start + length)
        dyn, lf = person_episode(r, room, t[inside] - start, kind)
        h[:, inside] += dyn
        los_factor[inside] = lf
    static = (gains[None, :] * np.exp(-2j * np.pi * room.freqs[:, None] * lengths[None, :] / C))
    h += static.sum(axis=1)[:, None]
    h += static[:, :1] * (los_factor - 1)[None, :]  # the body shadows the line of sight
    level = np.sqrt(np.mean(np.abs(static.sum(axis=1)) ** 2))
    noise = 10 ** (-r.uniform(30, 38) / 20)  # relative to the static level
    if fan is not None:  # a fan close enough to matter: its modulation is well above the noise
        on = ((t >= fan[0]) & (t < fan[1])).astype(float)
        depth = min(r.uniform(2, 5) * noise * level, 0.25 * np.abs(static.sum(axis=1)).min())
        h = h + fan_contribution(room, r, t, on, depth)
    if doors:
        h = h + door_contribution(room, r, t, r.uniform(5, duration - 5, doors))
    sigma = level * noise / np.sqrt(2)
    h = h + sigma * (r.standard_normal(h.shape) + 1j * r.standard_normal(h.shape))
    amp = np.abs(h) * 10 ** (agc_gain_db(r, t) / 20)[None, :] * r.uniform(20, 60) / level
    bad = r.random(t.size) < r.uniform(0.003, 0.01)  # corrupted packets
    amp[:, bad] *= r.uniform(0.2, 3.0, bad.sum())[None, :] * r.uniform(0.9, 1.1, (n_sub, bad.sum()))
    t0 = r.uniform(0, 5000)
    return amp, t + t0, [(t0 + s, t0 + s + l) for _, s, l in episodes], t0


def random_episodes(r, duration, count):
    """Non-overlapping episodes with at least 12 s of empty room between them."""
    kinds = ["walk", "busy"]
    lengths = r.uniform(8, 35, count)
    lengths *= min(1.0, 0.55 * duration / lengths.sum())  # the room is empty most of the time
    lengths = np.maximum(lengths, 8.0)
    free = duration - lengths.sum() - 12 * (count + 1)
    gaps = r.dirichlet(np.ones(count + 1)) * free + 12
    out, pos = [], 0.0
    for k in range(count):
        pos += gaps[k]
        out.append((kinds[int(r.integers(0, 2))], pos, lengths[k]))
        pos += lengths[k]
    return out


def graded_windows(flags, t0, n_windows, episodes):
    """Split window indices into clearly moving and clearly empty (edges not graded)."""
    starts = t0 + np.arange(n_windows)
    moving, quiet = np.zeros(n_windows, bool), np.ones(n_windows, bool)
    for a, b in episodes:
        moving |= (starts >= a + 1.0) & (starts + 1 <= b - 1.0)
        quiet &= (starts + 1 <= a - 2.0) | (starts >= b + 2.0)
    return moving, quiet


def run(amp, ts):
    flags = np.asarray(detect_motion(amp, ts))
    n_windows = int(np.floor(ts[-1] - ts[0])) + 1
    assert flags.shape == (n_windows,), f"expected {n_windows} flags, got shape {flags.shape}"
    return flags.astype(bool)


def check(flags, ts, episodes, label, max_false=0.03, min_detect=0.9, switches=()):
    moving, quiet = graded_windows(flags, ts[0], flags.size, episodes)
    starts = ts[0] + np.arange(flags.size)
    for s in switches:  # a fan switched on or off may be reported either way
        quiet &= (starts + 1 <= s - 2.0) | (starts >= s + 4.0)
    false_rate = flags[quiet].mean()
    assert false_rate <= max_false, (
        f"{label}: {flags[quiet].sum()} of {quiet.sum()} empty-room windows reported as motion")
    if moving.any():
        detected = flags[moving].mean()
        assert detected >= min_detect, (
            f"{label}: motion found in only {flags[moving].sum()} of {moving.sum()} windows")
        for a, b in episodes:
            starts = ts[0] + np.arange(flags.size)
            inside = moving & (starts >= a) & (starts < b)
            if inside.any():
                assert flags[inside].mean() >= 0.7, (
                    f"{label}: an episode of {b - a:.0f} s was mostly missed")


def test_people_moving_in_the_room():
    r = rng(1)
    for i in range(4):
        duration = r.uniform(150, 200)
        episodes = random_episodes(r, duration, int(r.integers(2, 5)))
        amp, ts, ep, _ = make_record(r, duration, episodes, doors=int(r.integers(0, 3)))
        check(run(amp, ts), ts, ep, f"record {i}")


def test_empty_room_with_fan_and_door():
    r = rng(2)
    for i in range(4):
        duration = r.uniform(150, 200)
        fan_on = r.uniform(10, 50)
        fan = (fan_on, fan_on + r.uniform(50, 0.6 * duration))
        amp, ts, ep, t0 = make_record(r, duration, [], fan=fan, doors=int(r.integers(1, 4)))
        check(run(amp, ts), ts, ep, f"empty room {i}", switches=(t0 + fan[0], t0 + fan[1]))


def test_motion_while_the_fan_runs():
    r = rng(3)
    for i in range(4):
        duration = r.uniform(150, 200)
        episodes = random_episodes(r, duration, int(r.integers(2, 4)))
        fan = (r.uniform(0, 30), duration) if i % 2 else (0.0, duration)
        amp, ts, ep, t0 = make_record(r, duration, episodes, fan=fan)
        check(run(amp, ts), ts, ep, f"record {i}", switches=(t0 + fan[0], t0 + fan[1]))


def test_output_form():
    r = rng(4)
    amp, ts, _, _ = make_record(r, 30.5, [("walk", 10, 10)])
    flags = detect_motion(amp, ts)
    assert isinstance(flags, np.ndarray) and flags.dtype == bool
    assert flags.shape == (31,)


@pytest.mark.parametrize("case", ["1d", "length", "order"])
def test_invalid_input_raises(case):
    r = rng(5)
    amp, ts, _, _ = make_record(r, 20, [])
    if case == "1d":
        args = (amp[0], ts)
    elif case == "length":
        args = (amp, ts[:-3])
    else:
        ts = ts.copy()
        ts[5], ts[6] = ts[6], ts[5]
        args = (amp, ts)
    with pytest.raises(ValueError):
        detect_motion(*args)
