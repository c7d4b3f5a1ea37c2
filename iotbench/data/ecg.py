"""Seeded synthetic single-lead ECG records with exact R-peak annotations.

The heartbeat-detection item needs ECG signals whose beat positions are known exactly, that are
cheap to regenerate bit for bit, and that are hard enough to separate a real QRS detector from a
naive peak picker.  Each record is built in three independent random streams derived from the
seed, so the rhythm does not change with the sampling rate or the noise profile:

* rhythm: a mean heart rate per record, respiratory sinus arrhythmia, a slow (Mayer-wave)
  oscillation and AR(1) beat-to-beat jitter give the RR intervals;
* morphology: each beat is a sum of five Gaussian waves (P, Q, R, S, T) whose sizes and timings
  vary per record and, slightly, per beat;
* noise: baseline wander, power-line interference and broadband muscle noise, scaled by profile.

Only beats whose whole P-QRS-T lies inside the record are drawn, and every drawn beat is
annotated, so the annotation list and the signal always agree.  The annotation of a beat is the
sample where the noise-free waveform peaks near the R wave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

GENERATOR_VERSION: int = 1
"""Bump whenever the arrays produced for a given set of arguments change."""

Profile = Literal["ideal", "clean", "wander", "tall_t", "noisy"]
PROFILES: tuple[str, ...] = ("ideal", "clean", "wander", "tall_t", "noisy")

# Stream identifiers mixed into the seed so that each part of a record draws independently.
_RHYTHM, _MORPHOLOGY, _NOISE = 1, 2, 3

# Beat support relative to the R peak (seconds): P onset before, T offset after.  Used to keep
# only whole beats inside the record.
_BEAT_BEFORE_S = 0.30
_BEAT_AFTER_S = 0.50


@dataclass(frozen=True)
class EcgRecord:
    """One synthetic record: the signal in millivolts and the sample index of every R peak."""

    name: str
    signal: np.ndarray
    fs: float
    r_peaks: np.ndarray


@dataclass(frozen=True)
class _NoiseLevels:
    """Noise amplitudes of a profile; wander and muscle noise are relative to R height."""

    wander_rel: tuple[float, float]
    pli_mv: tuple[float, float]
    muscle_rel: tuple[float, float]
    bursts: bool


_NOISE_BY_PROFILE: dict[str, _NoiseLevels] = {
    "ideal": _NoiseLevels((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), False),
    "clean": _NoiseLevels((0.05, 0.15), (0.005, 0.02), (0.01, 0.02), False),
    "wander": _NoiseLevels((0.7, 1.2), (0.01, 0.03), (0.015, 0.03), False),
    "tall_t": _NoiseLevels((0.1, 0.3), (0.01, 0.03), (0.015, 0.03), False),
    "noisy": _NoiseLevels((0.2, 0.4), (0.05, 0.12), (0.08, 0.14), True),
}


def _rng(seed: int, stream: int) -> np.random.Generator:
    """Independent generator for one part of the record, derived from the record seed."""
    return np.random.default_rng([seed, stream])


def _beat_times(seed: int, duration_s: float) -> tuple[np.ndarray, float]:
    """R-wave times (s) of an HRV-modulated rhythm covering the record, and the breathing rate.

    The breathing frequency (Hz) is returned so the morphology can share it: respiration both
    modulates the RR intervals (sinus arrhythmia) and the beat amplitude.
    """
    rng = _rng(seed, _RHYTHM)
    heart_rate = rng.uniform(50.0, 110.0)
    rr_mean = 60.0 / heart_rate
    f_resp = rng.uniform(0.15, 0.35)
    rsa = rng.uniform(0.02, 0.06)
    f_mayer = rng.uniform(0.08, 0.12)
    mayer = rng.uniform(0.01, 0.03)
    jitter_sd = rng.uniform(0.01, 0.025)
    phases = rng.uniform(0.0, 2.0 * np.pi, size=2)
    start = -rng.uniform(0.0, rr_mean) - _BEAT_BEFORE_S

    n_max = int(np.ceil((duration_s - start + 1.0) / 0.35)) + 2
    shocks = rng.standard_normal(n_max)
    times = np.empty(n_max)
    t, ar = start, 0.0
    count = 0
    for k in range(n_max):
        times[k] = t
        count = k + 1
        if t > duration_s + _BEAT_AFTER_S:
            break
        ar = 0.6 * ar + jitter_sd * np.sqrt(1.0 - 0.36) * shocks[k]
        modulation = rsa * np.sin(2.0 * np.pi * f_resp * t + phases[0])
        modulation += mayer * np.sin(2.0 * np.pi * f_mayer * t + phases[1])
        rr = rr_mean * (1.0 + modulation + ar)
        t += float(np.clip(rr, 0.35, 1.8))
    return times[:count], f_resp


def _wave_table(seed: int, times: np.ndarray, f_resp: float, profile: str) -> np.ndarray:
    """Per-beat (centre offset s, width s, amplitude mV) of the P, Q, R, S and T waves.

    Returns an array of shape (n_beats, 5, 3).  R height is 0.8-1.6 mV; the QRS spans roughly
    80-100 ms; the T wave peaks 150-250 ms after R (earlier at faster rates) and is 0.6-0.9 of
    the R height in the tall-T profile.
    """
    rng = _rng(seed, _MORPHOLOGY)
    n_beats = times.size
    r_amp = rng.uniform(0.8, 1.6)
    r_width = rng.uniform(0.009, 0.012)
    p_rel = rng.uniform(0.08, 0.18)
    q_rel = rng.uniform(0.05, 0.15)
    s_rel = rng.uniform(0.1, 0.3)
    t_unit = rng.uniform(0.0, 1.0)
    t_offset = rng.uniform(0.19, 0.25)
    t_width = rng.uniform(0.035, 0.05)
    pr = rng.uniform(0.14, 0.18)
    resp_depth = rng.uniform(0.03, 0.1)
    resp_phase = rng.uniform(0.0, 2.0 * np.pi)
    beat_scale = 1.0 + 0.02 * rng.standard_normal(n_beats)
    beat_shift = 0.003 * rng.standard_normal(n_beats)

    t_rel = 0.6 + 0.3 * t_unit if profile == "tall_t" else 0.15 + 0.2 * t_unit
    rr = np.diff(times, prepend=times[0] - (times[1] - times[0] if n_beats > 1 else 0.8))
    # QT shortens with heart rate (Bazett-like square root), clipped to the 150-250 ms band.
    t_at_rate = np.clip(t_offset * np.sqrt(np.clip(rr, 0.35, 1.8) / 0.9), 0.15, 0.25)
    amp = r_amp * beat_scale * (1.0 + resp_depth * np.sin(2 * np.pi * f_resp * times + resp_phase))

    table = np.empty((n_beats, 5, 3))
    table[:, 0] = np.stack([-pr + beat_shift, np.full(n_beats, 0.022), p_rel * amp], axis=1)
    table[:, 1] = np.stack([np.full(n_beats, -0.03), np.full(n_beats, 0.008), -q_rel * amp], 1)
    table[:, 2] = np.stack([np.zeros(n_beats), np.full(n_beats, r_width), amp], axis=1)
    table[:, 3] = np.stack([np.full(n_beats, 0.032), np.full(n_beats, 0.009), -s_rel * amp], 1)
    table[:, 4] = np.stack([t_at_rate + beat_shift, np.full(n_beats, t_width), t_rel * amp], 1)
    return table


def _render(times: np.ndarray, table: np.ndarray, fs: float, n: int) -> np.ndarray:
    """Sum the Gaussian waves of every beat onto a zero signal of n samples."""
    clean = np.zeros(n)
    half = int(np.ceil(0.6 * fs))
    offsets = np.arange(-half, half + 1)
    for t_r, waves in zip(times, table, strict=True):
        centre = round(t_r * fs)
        idx = centre + offsets
        idx = idx[(idx >= 0) & (idx < n)]
        rel = idx / fs - t_r
        centres, widths, amps = waves[:, 0:1], waves[:, 1:2], waves[:, 2:3]
        clean[idx] += np.sum(amps * np.exp(-0.5 * ((rel - centres) / widths) ** 2), axis=0)
    return clean


def _noise(seed: int, fs: float, n: int, r_amp: float, profile: str) -> np.ndarray:
    """Baseline wander + power-line interference + muscle noise for one record."""
    rng = _rng(seed, _NOISE)
    levels = _NOISE_BY_PROFILE[profile]
    t = np.arange(n) / fs
    u = rng.uniform(0.0, 1.0, size=3)

    def pick(bounds: tuple[float, float], unit: float) -> float:
        return bounds[0] + (bounds[1] - bounds[0]) * unit

    freqs = rng.uniform(0.1, 0.5, size=3)
    phases = rng.uniform(0.0, 2.0 * np.pi, size=4)
    weights = rng.dirichlet(np.ones(3))
    wander = np.sum(
        weights[:, None] * np.sin(2.0 * np.pi * freqs[:, None] * t[None, :] + phases[:3, None]),
        axis=0,
    )
    wander *= pick(levels.wander_rel, u[0]) * r_amp / max(np.max(np.abs(wander)), 1e-12)

    mains = 50.0 if rng.uniform() < 0.5 else 60.0
    pli = pick(levels.pli_mv, u[1]) * np.sin(2.0 * np.pi * mains * t + phases[3])

    muscle = rng.standard_normal(n) * pick(levels.muscle_rel, u[2]) * r_amp
    if levels.bursts:
        # Slowly varying envelope: stretches of 2-3x stronger noise, as during movement.
        knots = rng.uniform(0.5, 1.6, size=int(t[-1] // 2.0) + 2)
        envelope = np.interp(t, np.arange(knots.size) * 2.0, knots)
        muscle *= envelope
    total: np.ndarray = wander + pli + muscle
    return total


def _synthesize(
    seed: int, fs: float, duration_s: float, profile: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared builder: (noisy signal, clean waveform, R-peak indices)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not np.isfinite(fs) or fs <= 0:
        raise ValueError(f"fs must be a positive finite number, got {fs!r}")
    if not np.isfinite(duration_s) or duration_s <= 0:
        raise ValueError(f"duration_s must be a positive finite number, got {duration_s!r}")
    if profile not in _NOISE_BY_PROFILE:
        raise ValueError(f"unknown profile {profile!r}; choose one of {PROFILES}")
    seed, fs = int(seed), float(fs)
    n = round(duration_s * fs)
    if n < 2:
        raise ValueError(f"record too short: {duration_s} s at {fs} Hz is under two samples")
    last = (n - 1) / fs

    times, f_resp = _beat_times(seed, duration_s)
    table = _wave_table(seed, times, f_resp, profile)
    inside = (times - _BEAT_BEFORE_S >= 0.0) & (times + _BEAT_AFTER_S <= last)
    times, table = times[inside], table[inside]
    clean = _render(times, table, fs, n)

    # Annotate where the drawn waveform really peaks, not the nominal R time: Q and S waves and
    # the sampling grid move the maximum by up to a sample or two.
    reach = max(1, round(0.02 * fs))
    r_peaks = np.empty(times.size, dtype=np.int64)
    for k, t_r in enumerate(times):
        centre = round(t_r * fs)
        lo, hi = max(0, centre - reach), min(n, centre + reach + 1)
        r_peaks[k] = lo + int(np.argmax(clean[lo:hi]))

    r_amp = float(np.median(table[:, 2, 2])) if times.size else 1.0
    signal = clean + _noise(seed, fs, n, r_amp, profile)
    return signal, clean, r_peaks


def synthesize_record(
    seed: int, fs: float, duration_s: float, name: str, *, profile: Profile = "clean"
) -> EcgRecord:
    """Build one synthetic record; identical arguments give bit-identical arrays.

    Profiles: "ideal" (no noise at all), "clean" (light noise), "wander" (baseline wander about
    as large as the R wave), "tall_t" (T waves 0.6-0.9 of R height) and "noisy" (strong muscle
    noise in bursts and strong mains hum).  The same seed gives the same rhythm in every profile
    and at every sampling rate.
    """
    signal, _, r_peaks = _synthesize(seed, fs, duration_s, profile)
    signal.setflags(write=False)
    r_peaks.setflags(write=False)
    return EcgRecord(name=name, signal=signal, fs=float(fs), r_peaks=r_peaks)


def clean_waveform(
    seed: int, fs: float, duration_s: float, *, profile: Profile = "clean"
) -> np.ndarray:
    """The noise-free ECG underlying `synthesize_record` with the same arguments.

    Useful for checking annotations: each R peak is a local maximum of this waveform.
    """
    return _synthesize(seed, fs, duration_s, profile)[1]


# (seed, fs, profile) of the benchmark's fixed records, 60 s each.  Seeds were picked so the
# mean heart rates spread over 53-107 bpm; the comment gives each record's rate.
_STANDARD: tuple[tuple[int, float, Profile], ...] = (
    (1001, 360.0, "clean"),  # 58 bpm
    (1002, 250.0, "clean"),  # 86 bpm
    (1016, 500.0, "wander"),  # 72 bpm
    (1021, 360.0, "wander"),  # 103 bpm
    (1025, 250.0, "tall_t"),  # 107 bpm
    (1006, 500.0, "tall_t"),  # 53 bpm
    (1009, 360.0, "noisy"),  # 97 bpm
    (1014, 250.0, "noisy"),  # 65 bpm
)
STANDARD_DURATION_S: float = 60.0


def standard_records() -> list[EcgRecord]:
    """The fixed evaluation set: 8 records of 60 s (rec01-rec08) at 250, 360 and 500 Hz."""
    return [
        synthesize_record(seed, fs, STANDARD_DURATION_S, f"rec{i:02d}", profile=profile)
        for i, (seed, fs, profile) in enumerate(_STANDARD, start=1)
    ]
