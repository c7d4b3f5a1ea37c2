"""Seeded synthetic IMU windows (accelerometer + gyroscope) for activity recognition.

Each sample is a (6, 200) float32 array: acceleration x, y, z in m/s^2 (gravity included) and
angular rate x, y, z in rad/s, 4 s at 50 Hz, from a phone in a trouser pocket.  The thigh's
motion is modelled, then seen through the phone's placement:

* posture and gait: each activity sets the thigh's mean flexion (which fixes where gravity
  points), the stride frequency and swing amplitude (the gyroscope's oscillation), and the size
  and sharpness of the foot-strike impacts (the accelerometer's harmonics);
* placement: the phone's long (y) axis lies along the thigh, but each session puts it either way
  up and turned by any angle about that axis, with a small extra tilt, so the x/z axes (and the
  sign of y) change between sessions and raw waveforms do not line up;
* subjects differ in cadence and swing; every window starts at a random point of the gait
  cycle; sensors add bias and white noise.

Orientation-invariant features (signal magnitudes and their spectra, the size of the gravity
component along the thigh) recognise the activity, also in sessions not seen in training; raw
samples compared point by point do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GENERATOR_VERSION: int = 1
"""Bump whenever the arrays produced for a given set of arguments change."""

FS_HZ = 50.0
STEPS = 200
CHANNELS = 6  # acc x, y, z; gyro x, y, z
GRAVITY = 9.81

# flexion deg, stride Hz, swing deg, impact m/s^2, impact width s, forward m/s^2
ACTIVITIES: dict[str, tuple[float, float, float, float, float, float]] = {
    "walk": (12.0, 0.95, 22.0, 3.0, 0.05, 1.0),
    "jog": (25.0, 1.40, 40.0, 9.0, 0.03, 2.5),
    "stairs_up": (35.0, 0.75, 28.0, 2.0, 0.07, 0.8),
    "stairs_down": (8.0, 0.90, 16.0, 6.0, 0.025, 0.6),
    "cycle": (60.0, 1.10, 30.0, 0.3, 0.10, 0.2),
    "sit": (88.0, 0.0, 0.0, 0.0, 0.05, 0.0),
    "stand": (2.0, 0.0, 0.0, 0.0, 0.05, 0.0),
    "jump_rope": (5.0, 1.15, 7.0, 12.0, 0.02, 0.3),
}
ACTIVITY_NAMES: tuple[str, ...] = tuple(ACTIVITIES)


@dataclass(frozen=True)
class ImuSet:
    """Samples (n, 6, 200) float32 with activity labels, session ids and repetition numbers."""

    X: np.ndarray
    y: np.ndarray
    session: np.ndarray
    repetition: np.ndarray
    activity_names: tuple[str, ...]


def _rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    """Rotation matrix about a unit axis (Rodrigues' formula)."""
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rotation: np.ndarray = np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)
    return rotation


def _placements(rng: np.random.Generator, sessions: int) -> np.ndarray:
    """Rotation (sessions, 3, 3) from thigh frame to phone frame.

    The phone's long (y) axis lies along the thigh, either way up; the phone is turned by any
    angle about it, and tilted by up to 10 degrees in the pocket.
    """
    out = np.empty((sessions, 3, 3))
    for s in range(sessions):
        turn = _rotation(np.array([0.0, 1.0, 0.0]), rng.uniform(0, 2 * np.pi))
        flip = np.diag([-1.0, -1.0, 1.0]) if rng.random() < 0.5 else np.eye(3)
        axis = rng.standard_normal(3)
        tilt = _rotation(axis / np.linalg.norm(axis), np.deg2rad(rng.uniform(0, 10)))
        out[s] = tilt @ flip @ turn
    return out


def _thigh_signals(
    params: tuple[float, ...],
    t: np.ndarray,
    cadence: np.ndarray,
    swing: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Specific force and angular rate in the thigh frame, each (m, 3, steps)."""
    flex0, stride, swing_deg, impact, width, forward = params
    m = cadence.size
    f = stride * cadence[:, None]
    phase0 = rng.uniform(0, 2 * np.pi, (m, 1))
    cycle = 2 * np.pi * f * t[None, :] + phase0
    amp = np.deg2rad(swing_deg) * swing[:, None]
    flex = np.deg2rad(flex0) + amp * np.sin(cycle) + np.deg2rad(1.0) * rng.standard_normal((m, 1))
    flex_rate = amp * 2 * np.pi * f * np.cos(cycle)
    if stride == 0:  # still postures: slow sway only
        sway = np.deg2rad(0.8) * np.sin(2 * np.pi * 0.25 * t[None, :] + phase0)
        flex, flex_rate = flex + sway, np.gradient(sway, t, axis=1)
    # Thigh frame: x lateral, y along the thigh, z out of its front; flexion turns about x.
    zero = np.zeros_like(flex)
    up = np.stack([zero, np.cos(flex), np.sin(flex)], 1)
    ahead = np.stack([zero, -np.sin(flex), np.cos(flex)], 1)
    # Foot strikes twice per stride: Gaussian pulses, zero-mean over the window.
    strikes = np.zeros((m, t.size))
    if impact > 0 and stride > 0:
        step_phase = (cycle / np.pi) % 1.0  # 0..1 between consecutive strikes
        distance = np.minimum(step_phase, 1 - step_phase) / (2 * f)  # seconds to nearest strike
        strikes = impact * np.exp(-0.5 * (distance / width) ** 2)
        strikes -= strikes.mean(axis=1, keepdims=True)
    surge = forward * np.sin(2 * cycle)
    force = GRAVITY * up + strikes[:, None, :] * up + surge[:, None, :] * ahead
    rate = np.stack([flex_rate, zero, zero], 1)
    return force, rate


def generate_imu(
    seed: int, repetitions: int = 40, sessions: int = 8, activities: int = len(ACTIVITIES)
) -> ImuSet:
    """Phone-in-pocket IMU set of `activities` x `repetitions` windows, activity-major order.

    Repetition r of every activity is recorded in session r % sessions.
    """
    if not 1 <= activities <= len(ACTIVITIES):
        raise ValueError(f"activities must be in 1..{len(ACTIVITIES)}, got {activities}")
    if repetitions < 1 or sessions < 1:
        raise ValueError(f"repetitions and sessions must be >= 1, got {repetitions}, {sessions}")
    rng = np.random.default_rng([seed, 0x1AB])
    n = activities * repetitions
    y = np.repeat(np.arange(activities), repetitions)
    rep = np.tile(np.arange(repetitions), activities)
    session = rep % sessions
    t = np.arange(STEPS) / FS_HZ

    placement = _placements(rng, sessions)
    s_cadence = rng.uniform(0.88, 1.12, sessions)
    s_swing = rng.uniform(0.8, 1.2, sessions)
    acc_bias = rng.normal(0, 0.2, (sessions, 3))
    gyro_bias = rng.normal(0, 0.02, (sessions, 3))
    x = np.empty((n, CHANNELS, STEPS))
    for k, name in enumerate(ACTIVITY_NAMES[:activities]):
        rows = np.flatnonzero(y == k)
        cadence = s_cadence[session[rows]] * rng.uniform(0.95, 1.05, rows.size)
        swing = s_swing[session[rows]] * rng.uniform(0.9, 1.1, rows.size)
        force, rate = _thigh_signals(ACTIVITIES[name], t, cadence, swing, rng)
        rotation = placement[session[rows]]  # thigh -> phone
        x[rows, :3] = np.einsum("mij,mjt->mit", rotation, force)
        x[rows, 3:] = np.einsum("mij,mjt->mit", rotation, rate)
    x[:, :3] += acc_bias[session][:, :, None] + rng.normal(0, 0.3, (n, 3, STEPS))
    x[:, 3:] += gyro_bias[session][:, :, None] + rng.normal(0, 0.05, (n, 3, STEPS))
    samples = x.astype(np.float32)
    labels, session_ids, rep_ids = (a.astype(np.int64) for a in (y, session, rep))
    for array in (samples, labels, session_ids, rep_ids):
        array.setflags(write=False)
    return ImuSet(samples, labels, session_ids, rep_ids, ACTIVITY_NAMES[:activities])
