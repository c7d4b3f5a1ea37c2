"""Seeded synthetic WiFi CSI amplitudes for activity recognition, shaped like WiAR.

Each sample is a (90, 250) float32 array: 3 receive antennas x 30 subcarriers, 250 time steps at
a nominal 100 Hz.  The amplitude of every channel is |static + sum of moving reflections|:

* the static part is the room's multipath (a few delayed paths, so it fades differently on each
  subcarrier and antenna); it belongs to the recording session, so samples of one session share
  it whatever the activity;
* each moving body part adds a reflection whose phase follows its path length, turning its speed
  into a Doppler frequency (speed / wavelength).  Activities differ in which parts move, how
  fast, for how long and in how many strokes; what each channel sees is that motion mixed with a
  channel- and session-specific phase, so raw waveforms of one activity look unrelated while their
  time-frequency (Doppler) patterns agree;
* subjects differ in speed, tempo and reflection strength; every sample has its own onset, and
  noise comes as complex receiver noise, impulsive spikes and AGC gain steps on one antenna.

So raw nearest-neighbour matching finds the session rather than the activity, and a pipeline that
cleans the channels and looks at Doppler-time patterns recognises the activity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GENERATOR_VERSION: int = 1
"""Bump whenever the arrays produced for a given set of arguments change."""

FS_HZ = 100.0
STEPS = 250
ANTENNAS = 3
SUBCARRIERS = 30
CHANNELS = ANTENNAS * SUBCARRIERS
WAVELENGTH_M = 0.0576  # 5.2 GHz
_SUBCARRIER_SPACING_HZ = 0.625e6  # 30 grouped subcarriers over a 20 MHz channel

# One motion of one body part: (kind, start s, duration s, peak path-length speed m/s, cycles).
# kind "bump": one stroke with a sin^2 speed profile; "osc": back-and-forth with `cycles` periods;
# "steady": constant speed with soft edges (walking torso).
Stroke = tuple[str, float, float, float, float]
# An activity is a list of (reflection strength relative to the static path, strokes).
ACTIVITIES: dict[str, list[tuple[float, list[Stroke]]]] = {
    "horizontal_arm_wave": [(0.30, [("osc", 0.0, 1.6, 1.0, 3.0)])],
    "high_arm_wave": [(0.35, [("osc", 0.0, 1.8, 1.8, 2.0)])],
    "two_hands_wave": [
        (0.30, [("osc", 0.0, 1.6, 0.7, 3.0)]),
        (0.30, [("osc", 0.1, 1.6, 1.5, 3.0)]),
    ],
    "high_throw": [(0.35, [("bump", 0.0, 0.6, 0.5, 0), ("bump", 0.75, 0.25, 2.6, 0)])],
    "draw_x": [(0.30, [("bump", 0.0, 0.45, 1.1, 0), ("bump", 0.75, 0.45, 1.1, 0)])],
    "draw_tick": [(0.30, [("bump", 0.0, 0.3, 0.7, 0), ("bump", 0.3, 0.6, 1.4, 0)])],
    "toss_paper": [(0.30, [("bump", 0.0, 0.3, 2.1, 0)])],
    "forward_kick": [(0.50, [("bump", 0.0, 0.3, 2.2, 0), ("bump", 0.45, 0.5, -1.1, 0)])],
    "side_kick": [
        (
            0.45,
            [("bump", 0.0, 0.5, 0.9, 0), ("bump", 0.7, 0.5, -0.9, 0), ("bump", 1.4, 0.5, 0.9, 0)],
        )
    ],
    "bend": [(0.80, [("bump", 0.0, 1.0, 0.45, 0), ("bump", 1.3, 1.0, -0.45, 0)])],
    "hand_clap": [(0.20, [("osc", 0.0, 1.2, 0.55, 8.0)])],
    "walk": [(0.70, [("steady", 0.0, 2.5, 1.3, 0)]), (0.35, [("osc", 0.0, 2.5, 0.9, 4.5)])],
    "phone_call": [(0.30, [("bump", 0.0, 0.9, 0.7, 0)]), (0.10, [("osc", 0.9, 1.2, 0.3, 2.0)])],
    "drink_water": [(0.30, [("bump", 0.0, 0.6, 0.8, 0), ("bump", 1.2, 0.6, -0.8, 0)])],
    "sit_down": [(1.00, [("bump", 0.0, 1.2, 0.9, 0)])],
}
ACTIVITY_NAMES: tuple[str, ...] = tuple(ACTIVITIES)


@dataclass(frozen=True)
class CsiSet:
    """Samples (n, 90, 250) float32 with activity labels, session ids and repetition numbers."""

    X: np.ndarray
    y: np.ndarray
    session: np.ndarray
    repetition: np.ndarray
    activity_names: tuple[str, ...]


def _speed_profiles(
    kinds: list[Stroke], t: np.ndarray, tempo: np.ndarray, speed: np.ndarray
) -> np.ndarray:
    """Path-length speed (m/s) of one body part; `t` (n, steps) is time since each onset."""
    v = np.zeros(t.shape)
    for kind, start, duration, peak, cycles in kinds:
        s0 = start * tempo[:, None]
        d = duration * tempo[:, None]
        u = (t - s0) / d  # 0..1 inside the stroke
        inside = (u >= 0) & (u <= 1)
        if kind == "bump":
            shape = np.sin(np.pi * np.clip(u, 0, 1)) ** 2
        elif kind == "osc":
            edge = np.minimum(1.0, np.minimum(u, 1 - u) * 8)
            shape = np.sin(2 * np.pi * cycles * u) * np.clip(edge, 0, 1)
        else:  # steady
            shape = np.clip(np.minimum(u, 1 - u) * 10, 0, 1)
        v += np.where(inside, shape, 0.0) * peak * speed[:, None]
    return v


def _static_paths(rng: np.random.Generator, sessions: int) -> np.ndarray:
    """Complex static channel per session: (sessions, 90), frequency-selective multipath."""
    offsets = (np.arange(SUBCARRIERS) - SUBCARRIERS / 2) * _SUBCARRIER_SPACING_HZ
    out = np.zeros((sessions, ANTENNAS, SUBCARRIERS), dtype=np.complex128)
    for p in range(6):
        delay = rng.uniform(0, 150e-9, size=(sessions, 1, 1)) + p * 20e-9
        gain = rng.rayleigh(1.0 / (1 + p), size=(sessions, ANTENNAS, 1)) * np.exp(
            1j * rng.uniform(0, 2 * np.pi, size=(sessions, ANTENNAS, 1))
        )
        out += gain * np.exp(-2j * np.pi * offsets[None, None, :] * delay)
    return out.reshape(sessions, CHANNELS) * rng.uniform(8, 20, size=(sessions, 1))


def generate_csi(
    seed: int, repetitions: int = 30, sessions: int = 10, activities: int = len(ACTIVITIES)
) -> CsiSet:
    """WiAR-like set of `activities` x `repetitions` samples.

    Samples are ordered activity-major (all repetitions of activity 0 first), like WiAR;
    repetition r of every activity is recorded in session r % sessions.
    """
    if not 1 <= activities <= len(ACTIVITIES):
        raise ValueError(f"activities must be in 1..{len(ACTIVITIES)}, got {activities}")
    if repetitions < 1 or sessions < 1:
        raise ValueError(f"repetitions and sessions must be >= 1, got {repetitions}, {sessions}")
    rng = np.random.default_rng([seed, 0xC51])
    n = activities * repetitions
    y = np.repeat(np.arange(activities), repetitions)
    rep = np.tile(np.arange(repetitions), activities)
    session = rep % sessions
    t = np.arange(STEPS) / FS_HZ

    static = _static_paths(rng, sessions)  # (sessions, 90)
    s_speed = rng.uniform(0.85, 1.18, sessions)
    s_tempo = rng.uniform(0.88, 1.14, sessions)
    s_reflect = rng.uniform(0.6, 1.4, sessions)
    s_noise = rng.uniform(0.03, 0.10, sessions)

    speed = s_speed[session] * rng.uniform(0.92, 1.08, n)
    tempo = s_tempo[session] * rng.uniform(0.92, 1.08, n)
    onset = rng.uniform(0.0, 0.5, n)
    csi = static[session] * (
        1 + 0.05 * (rng.standard_normal((n, CHANNELS)) + 1j * rng.standard_normal((n, CHANNELS)))
    )
    csi = np.repeat(csi[:, :, None], STEPS, axis=2)
    offsets = (np.arange(SUBCARRIERS) - SUBCARRIERS / 2) * _SUBCARRIER_SPACING_HZ
    static_level = np.sqrt(np.mean(np.abs(static) ** 2, axis=1))[session]  # (n,)
    parts = [
        (np.flatnonzero(y == k), ACTIVITIES[name])
        for k, name in enumerate(ACTIVITY_NAMES[:activities])
    ]
    # Someone moving slowly elsewhere in the room during about a third of the samples.
    others = np.flatnonzero(rng.random(n) < 0.35)
    parts.append((others, [(0.2, [("steady", -0.5, 3.5, 0.6, 0)])]))
    for rows, motion in parts:
        if rows.size == 0:
            continue
        for strength, strokes in motion:
            v = _speed_profiles(strokes, t - onset[rows, None], tempo[rows], speed[rows])
            phase = 2 * np.pi * np.cumsum(v, axis=1) / FS_HZ / WAVELENGTH_M
            # Reflection of this part: its own delay (phase slope over subcarriers) and gain
            # per antenna, both new in every sample (the body never stands exactly the same).
            m = rows.size
            delay = rng.uniform(20e-9, 120e-9, size=(m, 1, 1))
            gain = rng.uniform(0.5, 1.0, size=(m, ANTENNAS, 1)) * np.exp(
                1j * rng.uniform(0, 2 * np.pi, size=(m, ANTENNAS, 1))
            )
            across = (gain * np.exp(-2j * np.pi * offsets[None, None, :] * delay)).reshape(
                m, CHANNELS
            )
            amplitude = strength * s_reflect[session[rows]] * static_level[rows]
            csi[rows] += (
                amplitude[:, None, None] * across[:, :, None] * np.exp(1j * phase)[:, None, :]
            )

    level = static_level[:, None, None]
    noise = rng.standard_normal((2, *csi.shape)) * (s_noise[session][:, None, None] * level)
    x = np.abs(csi + noise[0] + 1j * noise[1])  # receiver noise is complex, amplitudes >= 0
    # Impulsive outliers (packet errors) and AGC gain steps on one antenna.
    spikes = rng.random(x.shape) < 0.003
    x[spikes] += rng.uniform(1.0, 3.0, spikes.sum()) * np.broadcast_to(level, x.shape)[spikes]
    steps = np.flatnonzero(rng.random(n) < 0.3)
    for i in steps:
        a, at = rng.integers(ANTENNAS), rng.integers(20, STEPS - 20)
        x[i, a * SUBCARRIERS : (a + 1) * SUBCARRIERS, at:] *= rng.uniform(0.8, 1.25)
    samples = x.astype(np.float32)
    labels, session_ids, rep_ids = (a.astype(np.int64) for a in (y, session, rep))
    for array in (samples, labels, session_ids, rep_ids):
        array.setflags(write=False)
    return CsiSet(samples, labels, session_ids, rep_ids, ACTIVITY_NAMES[:activities])
