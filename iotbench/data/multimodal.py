"""Seeded synthetic multimodal activity recordings (audio, depth camera, radar), Harmony-like.

Twelve home activities, each a combination of what the microphone hears (quiet, knocks,
broadband noise, voice), the body posture the depth camera sees (standing, sitting, crouching)
and how fast the body moves for the radar (still, slow, fast).  Every value of each attribute is
shared by three or four activities, so any one modality narrows an activity down to a group
(audio to 3 candidates, depth or radar to 4) and only fusion identifies it.

Per sample (n samples, float32):

* ``audio`` (n, 4000): 1 s of microphone signal at 4 kHz.  Session background noise and, in
  some sessions, a distant television (voice-like) make "quiet" and "voice" less clear-cut;
* ``depth`` (n, 8, 32, 32): 8 frames of depth in metres over 1 s.  The room (back wall, floor,
  a piece of furniture) and where the person stands change per session and sample; sensor noise
  grows with distance and some pixels are holes (0);
* ``radar`` (n, 40, 32): 1 s of Doppler power (40 frames x 32 velocity bins, linear scale),
  with static clutter at zero velocity, a session gain and speckle noise.

About one sample in eight lacks one modality (all zeros) and one in twenty has one corrupted
(clipped audio, depth frames dropped, radar interference), in training and test data alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GENERATOR_VERSION: int = 1
"""Bump whenever the arrays produced for a given set of arguments change."""

AUDIO_FS_HZ = 4000.0
AUDIO_SAMPLES = 4000
DEPTH_FRAMES, DEPTH_SIZE = 8, 32
RADAR_FRAMES, RADAR_BINS = 40, 32
MODALITIES: tuple[str, ...] = ("audio", "depth", "radar")

# name: (sound, posture, motion)
ACTIVITIES: dict[str, tuple[str, str, str]] = {
    "stand_idle": ("quiet", "stand", "still"),
    "sit_stretch": ("quiet", "sit", "slow"),
    "floor_exercise": ("quiet", "crouch", "fast"),
    "chop_vegetables": ("knock", "stand", "fast"),
    "type_keyboard": ("knock", "sit", "still"),
    "fix_cabinet": ("knock", "crouch", "slow"),
    "run_blender": ("noise", "stand", "still"),
    "dry_hair": ("noise", "sit", "fast"),
    "vacuum_floor": ("noise", "crouch", "slow"),
    "talk_pacing": ("voice", "stand", "slow"),
    "chat_seated": ("voice", "sit", "still"),
    "play_with_child": ("voice", "crouch", "fast"),
}
ACTIVITY_NAMES: tuple[str, ...] = tuple(ACTIVITIES)
# Body height and width (m) of each posture seen from the front; limb swing (m/s, Hz) per motion.
_POSTURES = {"stand": (1.70, 0.45), "sit": (1.25, 0.55), "crouch": (0.85, 0.65)}
_MOTIONS = {"still": (0.05, 0.3), "slow": (0.45, 0.8), "fast": (1.3, 2.4)}


@dataclass(frozen=True)
class MultimodalSet:
    """Per-modality arrays (first axis = sample), labels, sessions, repetitions, and which
    modality of each sample is missing (-1: none) or corrupted (-1: none)."""

    modalities: dict[str, np.ndarray]
    y: np.ndarray
    session: np.ndarray
    repetition: np.ndarray
    missing: np.ndarray
    corrupted: np.ndarray
    activity_names: tuple[str, ...]


def _audio(rng: np.random.Generator, sound: str, f0: float, noise: float, tv: bool) -> np.ndarray:
    """One second of microphone signal for one sample."""
    t = np.arange(AUDIO_SAMPLES) / AUDIO_FS_HZ
    white = rng.standard_normal(AUDIO_SAMPLES)
    x = noise * np.cumsum(white) / 30  # rumbling (brown) background
    x = x - np.convolve(x, np.ones(200) / 200, mode="same") + noise * 0.3 * white

    def voice(f: float, level: float) -> np.ndarray:
        syllables = np.clip(np.sin(2 * np.pi * rng.uniform(3, 5) * t + rng.uniform(0, 6)), 0, 1)
        pitch = f * (1 + 0.06 * np.sin(2 * np.pi * rng.uniform(1, 3) * t))
        phase = 2 * np.pi * np.cumsum(pitch) / AUDIO_FS_HZ
        harmonics = np.zeros(AUDIO_SAMPLES)
        for h in range(1, 16):  # formant-like emphasis around 700 Hz
            harmonics += np.sin(h * phase) / h * np.exp(-(((h * f - 700) / 900) ** 2))
        out: np.ndarray = level * syllables * harmonics
        return out

    if tv:
        x = x + voice(rng.uniform(150, 250), 0.15 * rng.uniform(0.5, 1.0))
    if sound == "knock":
        for at in np.cumsum(rng.uniform(0.12, 0.3, 8)):
            if at < 0.98:
                k = int(at * AUDIO_FS_HZ)
                n = AUDIO_SAMPLES - k
                ring = np.exp(-np.arange(n) / (AUDIO_FS_HZ * rng.uniform(0.008, 0.02)))
                x[k:] += (
                    rng.uniform(0.6, 1.2)
                    * ring
                    * np.sin(2 * np.pi * rng.uniform(600, 1500) * np.arange(n) / AUDIO_FS_HZ)
                )
    elif sound == "noise":
        spectrum = np.fft.rfft(rng.standard_normal(AUDIO_SAMPLES))
        freqs = np.fft.rfftfreq(AUDIO_SAMPLES, 1 / AUDIO_FS_HZ)
        low = rng.uniform(200, 600)
        band = (freqs > low) & (freqs < low + rng.uniform(600, 1200))
        hum = np.fft.irfft(spectrum * band, AUDIO_SAMPLES)
        x = x + rng.uniform(0.5, 1.0) * hum / (hum.std() + 1e-9) * 0.4
    elif sound == "voice":
        x = x + voice(f0, rng.uniform(0.4, 0.8))
    return x * rng.uniform(0.5, 2.0)


def _room(rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """A session's empty room as seen by the depth camera, and the horizon row."""
    wall = rng.uniform(3.5, 5.0)
    horizon = int(rng.integers(10, 15))
    room = np.full((DEPTH_SIZE, DEPTH_SIZE), wall)
    rows = np.arange(horizon, DEPTH_SIZE)
    room[horizon:] = np.minimum(wall, 1.2 * (DEPTH_SIZE - horizon) / (rows - horizon + 1))[:, None]
    left = int(rng.integers(0, 24))
    top = int(rng.integers(horizon - 4, horizon + 4))
    room[top:, left : left + int(rng.integers(4, 9))] = rng.uniform(2.2, 3.2)  # furniture
    return room, horizon


def _depth(
    rng: np.random.Generator,
    room: np.ndarray,
    horizon: int,
    posture: str,
    swing: tuple[float, float],
) -> np.ndarray:
    """Eight depth frames of one person in the session's room."""
    distance = rng.uniform(1.8, 3.0)
    focal = 14.0  # pixels per metre at 1 m
    scale = focal / distance * (DEPTH_SIZE / 16)
    height, width = _POSTURES[posture]
    height *= rng.uniform(0.92, 1.08)
    floor_row = min(DEPTH_SIZE - 1, horizon + (DEPTH_SIZE - horizon) * 1.2 / distance * 0.9)
    centre = rng.uniform(8, 24)
    rows, cols = np.mgrid[0:DEPTH_SIZE, 0:DEPTH_SIZE].astype(np.float64)
    top = floor_row - height * scale
    body = (
        (rows >= top + 0.25 * scale)
        & (rows <= floor_row)
        & (np.abs(cols - centre) <= width * scale / 2)
    )
    head = (rows - (top + 0.12 * scale)) ** 2 + (cols - centre) ** 2 <= (0.12 * scale) ** 2
    speed, rate = swing
    frames = np.empty((DEPTH_FRAMES, DEPTH_SIZE, DEPTH_SIZE))
    phase = rng.uniform(0, 2 * np.pi)
    for f in range(DEPTH_FRAMES):
        t = f / DEPTH_FRAMES
        reach = 0.25 * scale + speed / (2 * np.pi * rate) * scale * np.sin(
            2 * np.pi * rate * t + phase
        )
        arm_row = top + 0.45 * scale
        arm = (np.abs(rows - arm_row) <= 0.06 * scale + 0.5) & (
            np.abs(cols - centre - width * scale / 2 - reach / 2) <= abs(reach) / 2 + 0.5
        )
        frame = room.copy()
        person = body | head | arm
        frame[person] = distance + 0.1 * np.abs(cols[person] - centre) / scale
        if posture == "sit":  # knees towards the camera
            knees = person & (rows > floor_row - 0.55 * scale)
            frame[knees] -= 0.35
        frames[f] = frame
    frames += rng.standard_normal(frames.shape) * 0.004 * frames**2
    frames[rng.random(frames.shape) < 0.03] = 0.0
    return frames


def _radar(
    rng: np.random.Generator, motion: str, posture: str, clutter: float, gain: float
) -> np.ndarray:
    """Doppler power over time: torso near zero velocity, limbs swinging at the motion's pace."""
    speed, rate = _MOTIONS[motion]
    speed *= rng.uniform(0.8, 1.2)
    rate *= rng.uniform(0.85, 1.15)
    t = np.arange(RADAR_FRAMES) / RADAR_FRAMES
    bins = np.arange(RADAR_BINS) - RADAR_BINS / 2
    per_bin = 2.0 / (RADAR_BINS / 2)  # m/s per bin
    limb = speed * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi)) / per_bin
    torso = 0.3 * limb + rng.normal(0, 0.3)
    size = {"stand": 1.0, "sit": 0.8, "crouch": 0.6}[posture]
    power = size * np.exp(
        -0.5 * ((bins[None, :] - torso[:, None]) / 0.8) ** 2
    ) + 0.5 * size * np.exp(-0.5 * ((bins[None, :] - limb[:, None]) / 1.2) ** 2)
    power[:, RADAR_BINS // 2] += clutter
    power *= gain
    return power * rng.exponential(1.0, power.shape) + 0.02 * gain * rng.exponential(
        1.0, power.shape
    )


def generate_multimodal(
    seed: int, repetitions: int = 40, sessions: int = 8, activities: int = len(ACTIVITIES)
) -> MultimodalSet:
    """Harmony-like set of `activities` x `repetitions` samples, activity-major order.

    Repetition r of every activity is recorded in session r % sessions.
    """
    if not 1 <= activities <= len(ACTIVITIES):
        raise ValueError(f"activities must be in 1..{len(ACTIVITIES)}, got {activities}")
    if repetitions < 1 or sessions < 1:
        raise ValueError(f"repetitions and sessions must be >= 1, got {repetitions}, {sessions}")
    rng = np.random.default_rng([seed, 0x3A0])
    n = activities * repetitions
    y = np.repeat(np.arange(activities), repetitions)
    rep = np.tile(np.arange(repetitions), activities)
    session = rep % sessions
    rooms = [_room(rng) for _ in range(sessions)]
    f0 = rng.uniform(100, 240, sessions)
    noise = rng.uniform(0.05, 0.2, sessions)
    tv = rng.random(sessions) < 0.3
    clutter = rng.uniform(1.0, 4.0, sessions)
    gain = 10 ** rng.uniform(-0.4, 0.4, sessions)

    audio = np.empty((n, AUDIO_SAMPLES))
    depth = np.empty((n, DEPTH_FRAMES, DEPTH_SIZE, DEPTH_SIZE))
    radar = np.empty((n, RADAR_FRAMES, RADAR_BINS))
    for i in range(n):
        sound, posture, motion = ACTIVITIES[ACTIVITY_NAMES[y[i]]]
        s = session[i]
        audio[i] = _audio(rng, sound, f0[s] * rng.uniform(0.95, 1.05), noise[s], bool(tv[s]))
        depth[i] = _depth(rng, rooms[s][0], rooms[s][1], posture, _MOTIONS[motion])
        radar[i] = _radar(rng, motion, posture, clutter[s], gain[s])

    missing = np.where(rng.random(n) < 0.125, rng.integers(0, 3, n), -1)
    corrupted = np.where((rng.random(n) < 0.05) & (missing < 0), rng.integers(0, 3, n), -1)
    for row in np.flatnonzero(corrupted == 0):  # clipped, overdriven microphone
        audio[row] = np.clip(audio[row] * 20 + rng.standard_normal(AUDIO_SAMPLES) * 3, -1, 1)
    for row in np.flatnonzero(corrupted == 1):  # dropped depth frames
        depth[row, rng.random(DEPTH_FRAMES) < 0.6] = 0.0
    for row in np.flatnonzero(corrupted == 2):  # interference on about half the radar frames
        radar[row] += gain[session[row]] * rng.uniform(2, 6) * (rng.random((RADAR_FRAMES, 1)) < 0.5)
    for index, array in enumerate((audio, depth, radar)):
        array[missing == index] = 0.0
    arrays = {"audio": audio, "depth": depth, "radar": radar}
    modalities: dict[str, np.ndarray] = {name: a.astype(np.float32) for name, a in arrays.items()}
    labels, session_ids, rep_ids, lacking, damaged = (
        a.astype(np.int64) for a in (y, session, rep, missing, corrupted)
    )
    for frozen in [*modalities.values(), labels, session_ids, rep_ids, lacking, damaged]:
        frozen.setflags(write=False)
    return MultimodalSet(
        modalities, labels, session_ids, rep_ids, lacking, damaged, ACTIVITY_NAMES[:activities]
    )
