"""Seeded synthetic single-lead ECG records with exact, labelled beat annotations.

The heartbeat-detection item needs ECG whose beat positions are known exactly, that regenerates
bit for bit from a seed, and that defeats naive peak picking for the reasons real recordings do.
A record is built from independent random streams derived from the seed, so switching one
feature on or off (or changing the sampling rate) leaves every other part unchanged:

* rhythm: a mean rate, respiratory sinus arrhythmia, a Mayer-wave oscillation and AR(1) jitter;
* ectopy: premature ventricular contractions (PVCs, label "V") replace sinus beats at a fixed
  coupling interval with a full compensatory pause: no P wave, a wide (110-160 ms) and tall QRS,
  usually of the opposite polarity, and a broad discordant T wave; optionally in runs (couplets,
  triplets, short salvos of ventricular tachycardia at 140-190 beats/min);
* morphology: each sinus beat (label "N") is a sum of five Gaussian waves (P, Q, R, S, T); the
  R-T distance follows the heart rate; "tall T" records have T waves as tall as the R wave;
  "wide QRS" records conduct every beat slowly (bundle-branch-block-like, 120-160 ms);
  "low voltage" records have R waves of 0.15-0.35 mV, so the absolute noise floor matters;
* amplitude: breathing modulation and abrupt gain steps (electrode contact, posture);
* noise: baseline wander, power-line hum, band-limited muscle noise (optionally in bursts) and
  motion artefacts (QRS-band transients with baseline jumps), and absolute muscle noise in mV.

A lead may be inverted, and the result is quantised like MIT-BIH (5 uV steps).  Only beats whose
whole waveform lies inside the record are drawn and all drawn beats are annotated: the annotation
is the sample where the noise-free waveform has its main QRS deflection, a minimum when that
deflection points down (an inverted lead, most PVCs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy.signal import butter, sosfilt

from iotbench.data.seeds import derive_seed

GENERATOR_VERSION: int = 3
"""Bump whenever the arrays produced for a given set of arguments change."""

_RHYTHM, _MORPHOLOGY, _NOISE, _ECTOPY, _MOTION, _GAIN = 1, 2, 3, 4, 5, 6  # random streams
_BEAT_BEFORE_S, _BEAT_AFTER_S = 0.30, 0.60  # a beat's support around its R wave
_ADC_STEP_MV = 0.005  # MIT-BIH: 200 ADC units per mV
_RR_RANGE_S = (0.30, 2.0)


@dataclass(frozen=True)
class Conditions:
    """What one record simulates; amplitudes marked "x R" are relative to its R-wave height."""

    heart_rate: tuple[float, float] = (55.0, 95.0)  # range of the mean rate, beats per minute
    pvc_rate: float = 0.0  # probability that a sinus beat is replaced by a PVC
    tall_t: bool = False  # T waves 0.75-1.05 x R and narrower (hyperacute)
    inverted: bool = False  # lead reversed: the whole ECG has the opposite sign
    wander: float = 0.1  # peak baseline wander, x R
    mains_mv: float = 0.01  # power-line amplitude, mV
    emg: float = 0.01  # muscle-noise RMS, x R
    emg_bursts: bool = False  # muscle noise comes and goes (x0.3 - x2.2 over seconds)
    motion: int = 0  # number of motion-artefact episodes
    gain_steps: int = 0  # number of abrupt amplitude changes
    pvc_run: float = 0.0  # probability that a PVC is followed by another (runs of up to 6)
    qrs_scale: float = 1.0  # QRS width factor of sinus beats (about 2: bundle-branch-block-like)
    r_amp_mv: tuple[float, float] = (0.8, 1.6)  # range of the R-wave height, mV
    emg_mv: float = 0.0  # additional muscle-noise RMS in mV (not relative to R)

    def __post_init__(self) -> None:
        rate = self.heart_rate
        if len(rate) != 2 or not 30.0 <= rate[0] <= rate[1] <= 180.0:
            raise ValueError(
                f"Conditions.heart_rate must be (low, high) bpm within 30-180, got {rate!r}"
            )
        if not 0.0 <= self.pvc_rate <= 0.5:
            raise ValueError(f"Conditions.pvc_rate must be in [0, 0.5], got {self.pvc_rate!r}")
        if not 0.0 <= self.pvc_run <= 0.9:
            raise ValueError(f"Conditions.pvc_run must be in [0, 0.9], got {self.pvc_run!r}")
        if not 0.5 <= self.qrs_scale <= 3.0:
            raise ValueError(f"Conditions.qrs_scale must be in [0.5, 3], got {self.qrs_scale!r}")
        low, high = self.r_amp_mv
        if not 0.05 <= low <= high <= 5.0:
            raise ValueError(
                f"Conditions.r_amp_mv must be (low, high) mV within 0.05-5, got {self.r_amp_mv!r}"
            )
        for name in ("wander", "mains_mv", "emg", "emg_mv"):
            value = getattr(self, name)
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"Conditions.{name} must be finite and >= 0, got {value!r}")
        for name in ("motion", "gain_steps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
                raise ValueError(f"Conditions.{name} must be an integer 0-50, got {value!r}")


PROFILES: Mapping[str, Conditions] = {
    "ideal": Conditions(wander=0.0, mains_mv=0.0, emg=0.0),
    "clean": Conditions(),
    "wander": Conditions(wander=1.0, mains_mv=0.03, emg=0.02),
    "tall_t": Conditions(tall_t=True, wander=0.2, mains_mv=0.02, emg=0.02),
    "noisy": Conditions(wander=0.3, mains_mv=0.08, emg=0.08, emg_bursts=True),
    "pvc": Conditions(pvc_rate=0.15, wander=0.2, mains_mv=0.02, emg=0.02),
    "motion": Conditions(wander=0.3, emg=0.03, motion=4, gain_steps=2),
    "pvc_runs": Conditions(pvc_rate=0.2, pvc_run=0.45, wander=0.2, mains_mv=0.02, emg=0.02),
    "wide_qrs": Conditions(qrs_scale=2.2, wander=0.2, mains_mv=0.02, emg=0.02),
    "low_voltage": Conditions(
        r_amp_mv=(0.15, 0.35), wander=0.3, mains_mv=0.02, emg=0.02, emg_mv=0.012
    ),
    "low_snr": Conditions(wander=0.4, mains_mv=0.05, emg=0.16, emg_bursts=True),
}
"""Named conditions; `synthesize_record` also accepts a `Conditions` directly."""


@dataclass(frozen=True)
class EcgRecord:
    """One record: signal (mV), sampling rate, and each beat's sample index and MIT-BIH label."""

    name: str
    signal: np.ndarray
    fs: float
    r_peaks: np.ndarray
    labels: np.ndarray  # one symbol per beat ("N", "V", ... ), same length as r_peaks


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def _sinus_times(seed: int, cond: Conditions, duration_s: float) -> tuple[np.ndarray, float]:
    """R-wave times (s) of the sinus rhythm covering the record, and the breathing rate (Hz)."""
    rng = _rng(seed, _RHYTHM)
    rr_mean = 60.0 / rng.uniform(*cond.heart_rate)
    f_resp, rsa = rng.uniform(0.15, 0.35), rng.uniform(0.02, 0.06)
    f_mayer, mayer = rng.uniform(0.08, 0.12), rng.uniform(0.01, 0.03)
    jitter_sd = rng.uniform(0.01, 0.025)
    phases = rng.uniform(0.0, 2.0 * np.pi, size=2)
    t = -rng.uniform(0.0, rr_mean) - _BEAT_BEFORE_S
    n_max = int(np.ceil((duration_s - t + 1.0) / _RR_RANGE_S[0])) + 2
    shocks = rng.standard_normal(n_max)
    times, ar = [], 0.0
    for k in range(n_max):
        times.append(t)
        if t > duration_s + _BEAT_AFTER_S:
            break
        ar = 0.6 * ar + jitter_sd * 0.8 * shocks[k]  # 0.8 = sqrt(1 - 0.6^2): unit AR variance
        modulation = rsa * np.sin(2 * np.pi * f_resp * t + phases[0])
        modulation += mayer * np.sin(2 * np.pi * f_mayer * t + phases[1])
        t += float(np.clip(rr_mean * (1.0 + modulation + ar), *_RR_RANGE_S))
    return np.asarray(times), f_resp


def _ectopy(seed: int, cond: Conditions, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn some sinus beats into PVCs: (new times, is-PVC mask).

    A PVC replaces sinus beat k and fires early, at a per-record coupling fraction of the
    preceding RR; the sinus node is not reset, so the next sinus beat keeps its time (full
    compensatory pause).  Without `pvc_run` two PVCs never follow each other; with it a PVC is
    followed by another with that probability (up to six in a row), at the salvo's own
    ventricular rate, inserted before the next sinus beat.
    """
    rng = _rng(seed, _ECTOPY)
    draws = rng.uniform(size=times.size)
    coupling = rng.uniform(0.55, 0.70)
    jitter = rng.uniform(-0.015, 0.015, size=times.size)
    run_draws = rng.uniform(size=(times.size, 5))
    vt_rr = 60.0 / rng.uniform(140.0, 190.0)
    out, pvc = [times[0]], [False]
    k = 1
    while k < times.size - 1:
        if draws[k] < cond.pvc_rate and not pvc[-1]:
            rr = times[k] - times[k - 1]
            first = times[k - 1] + min(max(coupling * rr + jitter[k], _RR_RANGE_S[0]), rr - 0.05)
            out.append(first)
            pvc.append(True)
            extra = 0
            while extra < 5 and run_draws[k, extra] < cond.pvc_run:
                extra += 1
            # the salvo continues at the ventricular rate; the sinus beats it overlaps are lost
            # (the ventricles are refractory), the next one after the salvo keeps its time
            last = first
            for _ in range(extra):
                last += vt_rr * (1.0 + 0.03 * float(jitter[k]) / 0.015)
                out.append(last)
                pvc.append(True)
            k += 1
            while k < times.size - 1 and times[k] < last + 0.6 * vt_rr + 0.25:
                k += 1
            continue
        out.append(times[k])
        pvc.append(False)
        k += 1
    out += list(times[k:])
    pvc += [False] * (times.size - k)
    return np.asarray(out), np.asarray(pvc, dtype=bool)


def _gain(seed: int, cond: Conditions, times: np.ndarray, duration_s: float) -> np.ndarray:
    """Per-beat amplitude factor from abrupt (about 0.5 s) gain changes; 1 before the first."""
    rng = _rng(seed, _GAIN)
    at = np.sort(rng.uniform(0.15, 0.9, size=cond.gain_steps)) * duration_s
    steps = rng.uniform(np.log(1.8), np.log(3.0), size=cond.gain_steps)
    steps *= rng.choice([-1.0, 1.0], size=cond.gain_steps)
    log_gain = np.zeros(times.size)
    for when, step in zip(at, steps, strict=True):
        log_gain = np.clip(log_gain + step / (1.0 + np.exp(-(times - when) / 0.1)), -1.1, 0.5)
    return np.exp(log_gain)


def _wave_table(
    seed: int,
    cond: Conditions,
    times: np.ndarray,
    is_pvc: np.ndarray,
    f_resp: float,
    gain: np.ndarray,
) -> tuple[np.ndarray, float, float]:
    """Per-beat (centre s, width s, amplitude mV) of five waves, the R height and PVC polarity.

    Sinus beats: P, Q, R, S, T.  PVCs: no P, a small notch, the wide main deflection, its
    opposite overshoot and a broad discordant T.  Shape (n_beats, 5, 3).
    """
    rng = _rng(seed, _MORPHOLOGY)
    n = times.size
    r_amp, r_width = rng.uniform(*cond.r_amp_mv), rng.uniform(0.008, 0.011) * cond.qrs_scale
    p_rel, q_rel, s_rel = rng.uniform(0.08, 0.18), rng.uniform(0.05, 0.15), rng.uniform(0.1, 0.3)
    t_unit, t_scale, pr = rng.uniform(size=3)
    resp_depth, resp_phase = rng.uniform(0.03, 0.1), rng.uniform(0.0, 2.0 * np.pi)
    beat_scale = 1.0 + 0.05 * rng.standard_normal(n)
    beat_shift = 0.003 * rng.standard_normal(n)
    pvc_sign = -1.0 if rng.uniform() < 0.7 else 1.0
    pvc_amp, pvc_width = rng.uniform(1.3, 2.2), rng.uniform(0.028, 0.04)
    pvc_t_rel, pvc_t_width = rng.uniform(0.3, 0.45), rng.uniform(0.06, 0.08)

    if cond.tall_t:
        t_rel, t_width = 0.75 + 0.3 * t_unit, 0.036 + 0.014 * t_scale
    else:
        t_rel, t_width = 0.15 + 0.2 * t_unit, 0.04 + 0.02 * t_scale
    rr = np.diff(times, prepend=times[0] - 0.8)
    # The R-T distance shortens with rate (Bazett-like square root of the preceding RR).
    t_at_rate = np.clip((0.24 + 0.05 * t_scale) * np.sqrt(np.clip(rr, 0.3, 2.0)), 0.16, 0.36)
    amp = (
        r_amp
        * beat_scale
        * gain
        * (1 + resp_depth * np.sin(2 * np.pi * f_resp * times + resp_phase))
    )
    q = cond.qrs_scale
    table = _waves(
        n,
        (-(0.13 + 0.05 * pr) + beat_shift, 0.022, p_rel * amp),
        (-0.03 * q, 0.008 * q, -q_rel * amp),
        (0.0, r_width, amp),
        (0.032 * q, 0.009 * q, -s_rel * amp),
        (t_at_rate + 0.02 * (q - 1) + beat_shift, t_width, t_rel * amp),
    )
    main = pvc_sign * pvc_amp * amp[is_pvc]
    pvc = _waves(
        main.size,
        (0.0, 0.02, 0.0),
        (-1.6 * pvc_width, 0.012, -0.12 * main),
        (0.0, pvc_width, main),
        (1.8 * pvc_width, 0.018, -0.15 * main),
        (0.27, pvc_t_width, -pvc_t_rel * main),
    )
    table[is_pvc] = pvc
    return table, float(r_amp), pvc_sign


def _waves(n: int, *waves: tuple[float | np.ndarray, float, float | np.ndarray]) -> np.ndarray:
    """Stack (centre, width, amplitude) per wave, scalars or per-beat arrays, to (n, waves, 3)."""
    return np.stack(
        [
            np.stack(np.broadcast_arrays(*(np.broadcast_to(v, n) for v in wave)), axis=1)
            for wave in waves
        ],
        axis=1,
    )


def _render(times: np.ndarray, table: np.ndarray, fs: float, n: int) -> np.ndarray:
    """Sum the Gaussian waves of every beat onto a zero signal of n samples."""
    reach = int(np.ceil(_BEAT_AFTER_S * fs))
    idx = np.rint(times * fs).astype(np.int64)[:, None] + np.arange(-reach, reach + 1)[None, :]
    rel = idx / fs - times[:, None]  # (beats, samples) seconds from each R wave
    centres, widths, amps = (table[:, :, k, None] for k in range(3))
    waves = np.sum(amps * np.exp(-0.5 * ((rel[:, None, :] - centres) / widths) ** 2), axis=1)
    inside = (idx >= 0) & (idx < n)
    return np.bincount(idx[inside], weights=waves[inside], minlength=n).astype(np.float64)


@lru_cache(maxsize=16)
def _band_filter(low: float, high: float, fs: float) -> np.ndarray:
    """Second-order Butterworth band-pass (upper edge kept below Nyquist), as sections."""
    sos: np.ndarray = butter(2, [low, min(high, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    sos.setflags(write=False)
    return sos


def _band_noise(
    rng: np.random.Generator, n: int, fs: float, band: tuple[float, float]
) -> np.ndarray:
    """Unit-RMS Gaussian noise band-limited to `band` Hz."""
    sos = _band_filter(band[0], band[1], fs)
    x = np.asarray(sosfilt(sos.copy(), rng.standard_normal(n + int(fs))))[int(fs) :]  # no start-up
    return x / max(float(np.sqrt(np.mean(x**2))), 1e-12)


def _motion(seed: int, cond: Conditions, fs: float, n: int, r_amp: float) -> np.ndarray:
    """Motion artefacts: 0.8-3 s of 1-15 Hz transients, each with a decaying baseline jump."""
    rng = _rng(seed, _MOTION)
    out = np.zeros(n)
    duration = n / fs
    for _ in range(cond.motion):
        length = rng.uniform(0.8, 3.0)
        start = rng.uniform(3.0, max(3.0, duration - length - 1.0))
        lo, m = int(start * fs), int(length * fs)
        if m < 4 or lo + m > n:
            continue
        burst = _band_noise(rng, m, fs, (1.0, 15.0)) * np.hanning(m)
        burst *= rng.uniform(0.5, 1.2) * r_amp / max(float(np.max(np.abs(burst))), 1e-12)
        out[lo : lo + m] += burst
        t = np.arange(n - lo) / fs
        jump = rng.uniform(0.4, 1.0) * r_amp * rng.choice([-1.0, 1.0])
        edge = rng.uniform(0.02, 0.06)
        out[lo:] += jump * np.exp(-t / rng.uniform(0.5, 2.0)) * (1 - np.exp(-t / edge))
    return out


def _noise(
    seed: int, cond: Conditions, fs: float, n: int, r_amp: float, f_resp: float
) -> np.ndarray:
    """Baseline wander + power-line hum + muscle noise (+ motion artefacts) for one record."""
    rng = _rng(seed, _NOISE)
    t = np.arange(n) / fs
    freqs = np.append(rng.uniform(0.05, 0.5, size=3), f_resp)
    phases = rng.uniform(0.0, 2.0 * np.pi, size=6)
    weights = rng.dirichlet(np.ones(4))
    wander = weights @ np.sin(2 * np.pi * freqs[:, None] * t[None, :] + phases[:4, None])
    wander *= cond.wander * r_amp / max(float(np.max(np.abs(wander))), 1e-12)

    mains = 50.0 if rng.uniform() < 0.5 else 60.0
    hum = np.zeros(n)
    if mains < 0.5 * fs:
        wobble = 1.0 + 0.3 * np.sin(2 * np.pi * rng.uniform(0.05, 0.2) * t + phases[4])
        hum = cond.mains_mv * wobble * np.sin(2 * np.pi * mains * t + phases[5])

    emg = _band_noise(rng, n, fs, (10.0, 100.0)) * cond.emg * r_amp
    knots = np.exp(rng.uniform(np.log(0.3), np.log(2.2), size=int(t[-1] // 2.0) + 2))
    if cond.emg_bursts:  # slowly varying envelope: stretches of strong noise, as during movement
        emg *= np.interp(t, np.arange(knots.size) * 2.0, knots)
    if cond.emg_mv:
        emg += _band_noise(rng, n, fs, (10.0, 100.0)) * cond.emg_mv
    total: np.ndarray = wander + hum + emg + _motion(seed, cond, fs, n, r_amp)
    return total


def _synthesize(
    seed: int, fs: float, duration_s: float, cond: Conditions
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shared builder: (signal, clean waveform, R-peak indices, labels)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not np.isfinite(fs) or fs < 100.0:
        raise ValueError(f"fs must be a finite sampling rate of at least 100 Hz, got {fs!r}")
    if not np.isfinite(duration_s) or duration_s < 2.0:
        raise ValueError(f"duration_s must be a finite number of seconds >= 2, got {duration_s!r}")
    seed, fs = int(seed), float(fs)
    n = round(duration_s * fs)
    last = (n - 1) / fs

    sinus, f_resp = _sinus_times(seed, cond, duration_s)
    times, is_pvc = _ectopy(seed, cond, sinus)
    gain = _gain(seed, cond, times, duration_s)
    table, r_amp, pvc_sign = _wave_table(seed, cond, times, is_pvc, f_resp, gain)
    inside = (times - _BEAT_BEFORE_S >= 0.0) & (times + _BEAT_AFTER_S <= last)
    times, table, is_pvc = times[inside], table[inside], is_pvc[inside]
    lead = -1.0 if cond.inverted else 1.0
    clean = lead * _render(times, table, fs, n)

    # Annotate the drawn extremum of the main deflection, not the nominal time: neighbouring
    # waves and the sampling grid move it by a sample or two.
    r_peaks = np.empty(times.size, dtype=np.int64)
    for k, t_r in enumerate(times):
        centre, reach = round(t_r * fs), max(1, round((0.04 if is_pvc[k] else 0.02) * fs))
        lo, hi = max(0, centre - reach), min(n, centre + reach + 1)
        polarity = lead * (pvc_sign if is_pvc[k] else 1.0)
        r_peaks[k] = lo + int(np.argmax(polarity * clean[lo:hi]))
    labels = np.where(is_pvc, "V", "N")

    noisy = clean + _noise(seed, cond, fs, n, r_amp, f_resp)
    signal = np.round(noisy / _ADC_STEP_MV) * _ADC_STEP_MV
    return signal, clean, r_peaks, labels


def _conditions(profile: str | Conditions) -> Conditions:
    if isinstance(profile, Conditions):
        return profile
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    return PROFILES[profile]


def synthesize_record(
    seed: int, fs: float, duration_s: float, name: str, *, profile: str | Conditions = "clean"
) -> EcgRecord:
    """Build one record; identical arguments give bit-identical, read-only arrays.

    `profile` is a name from PROFILES or a `Conditions`.  The same seed gives the same sinus
    rhythm under any conditions without PVCs and at every sampling rate.
    """
    signal, _, r_peaks, labels = _synthesize(seed, fs, duration_s, _conditions(profile))
    for array in (signal, r_peaks, labels):
        array.setflags(write=False)
    return EcgRecord(name=name, signal=signal, fs=float(fs), r_peaks=r_peaks, labels=labels)


def clean_waveform(
    seed: int, fs: float, duration_s: float, *, profile: str | Conditions = "clean"
) -> np.ndarray:
    """The noise-free, unquantised ECG underlying `synthesize_record` with the same arguments."""
    return _synthesize(seed, fs, duration_s, _conditions(profile))[1]


def _with(base: str, **changes: object) -> Conditions:
    return replace(PROFILES[base], **changes)  # type: ignore[arg-type]


# (stream, fs, conditions) of the benchmark's records, 60 s each: every difficulty appears at
# more than one sampling rate, and about half the records combine two of them. rec13-rec18 are
# the hard set: runs of PVCs, wide and low-voltage QRS, noise bursts and electrode motion.
_STANDARD: tuple[tuple[int, float, Conditions], ...] = (
    (2001, 360.0, PROFILES["clean"]),
    (2002, 250.0, _with("wander", heart_rate=(70.0, 90.0), mains_mv=0.06)),
    (2003, 500.0, _with("tall_t", heart_rate=(45.0, 55.0))),
    (2004, 360.0, _with("tall_t", heart_rate=(55.0, 70.0), inverted=True)),
    (2005, 250.0, _with("pvc", heart_rate=(65.0, 85.0), pvc_rate=0.2, gain_steps=1)),
    (2006, 500.0, _with("pvc", heart_rate=(105.0, 125.0), emg=0.05)),
    (2007, 360.0, _with("motion", motion=5, gain_steps=3)),
    (2008, 250.0, _with("motion", motion=2, gain_steps=3, wander=0.6, inverted=True)),
    (2009, 500.0, PROFILES["low_snr"]),
    (2010, 360.0, _with("low_snr", motion=2, pvc_rate=0.06)),
    (2011, 250.0, _with("noisy", heart_rate=(125.0, 145.0), gain_steps=2)),
    (2012, 500.0, _with("tall_t", heart_rate=(55.0, 75.0), pvc_rate=0.1, wander=0.5)),
    (2013, 360.0, _with("pvc_runs", heart_rate=(60.0, 80.0))),
    (2014, 250.0, _with("pvc_runs", heart_rate=(80.0, 100.0), pvc_rate=0.3, inverted=True)),
    (2015, 500.0, _with("wide_qrs", heart_rate=(50.0, 70.0))),
    (2016, 360.0, _with("low_voltage", heart_rate=(95.0, 120.0), mains_mv=0.04)),
    (2017, 250.0, _with("wide_qrs", pvc_rate=0.1, pvc_run=0.3, wander=0.6, motion=3)),
    (2018, 500.0, _with("low_voltage", motion=4, gain_steps=2, emg_bursts=True, emg=0.05)),
)
STANDARD_DURATION_S: float = 60.0
STANDARD_RECORDS: int = len(_STANDARD)


def standard_records(data_seed: int) -> list[EcgRecord]:
    """The evaluation set of a run: 18 records of 60 s (rec01-rec18) at 250, 360 and 500 Hz.

    Every record is drawn anew from the run's data seed (so no program can regenerate the hidden
    records from this public code); conditions, rates and names stay the same. The order is the
    record order of a scoring run; arrays are read-only; building the set takes about a second."""
    return [
        synthesize_record(
            derive_seed(data_seed, "ecg", stream),
            fs,
            STANDARD_DURATION_S,
            f"rec{i:02d}",
            profile=cond,
        )
        for i, (stream, fs, cond) in enumerate(_STANDARD, start=1)
    ]
