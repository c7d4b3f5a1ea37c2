"""Hidden tests: eye blinks found in frontal (Fp1/Fp2) EEG of a headband, graded on timing.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record is background EEG
(1/f activity), blinks (a positive deflection at both frontal electrodes with a fast rise and a
slower fall, subject-specific size), vertical gaze shifts (the eye looks up or down, holds, and
comes back: a step at both electrodes and a step back), horizontal saccades (steps of opposite
sign at Fp1 and Fp2), bursts of forehead muscle activity, slow electrode drift, electrode offsets
and mains interference. The truth is the time of each blink's peak.
"""

import os

import numpy as np
import pytest

from candidate import detect_blinks

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def shaped_noise(r, n, fs, shape_fn, k=1):
    f = np.fft.rfftfreq(n, 1 / fs)
    spec = (r.normal(size=(k, f.size)) + 1j * r.normal(size=(k, f.size))) * shape_fn(f)
    x = np.fft.irfft(spec, n, axis=1)
    return x / x.std(axis=1, keepdims=True)


def edge(t, t0, width):
    """Smooth unit step at t0 with a 10-90 % transition of about `width` seconds."""
    return 1.0 / (1.0 + np.exp(np.clip(-(t - t0) / (width / 4.4), -50, 50)))


def record(r, fs, seconds, blink_rate=None, saccades=True, muscle=True, blinks=True):
    """Samples (n, 2) [Fp1, Fp2] in µV and the true blink peak times (s)."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    x = np.zeros((2, n))
    bg = shaped_noise(r, n, fs, lambda f: 1.0 / np.maximum(f, 0.5) ** 0.8, 3)
    x += r.uniform(5.0, 12.0) * (0.6 * bg[:1] + 0.8 * bg[1:])
    level = np.exp(r.uniform(np.log(70.0), np.log(300.0)))  # this person's blink size
    truth = []
    busy = []  # (start, stop) of events, to keep blinks and gaze shifts apart
    if blinks:
        rate = r.uniform(8, 30) if blink_rate is None else blink_rate  # per minute
        pos = r.uniform(0.8, 3.0)
        while pos < seconds - 1.0:
            a = level * r.uniform(0.6, 1.4)
            left, right = r.uniform(0.04, 0.07), r.uniform(0.07, 0.12)
            d = t - pos
            shape = np.where(d < 0, np.exp(-0.5 * (d / left) ** 2), np.exp(-0.5 * (d / right) ** 2))
            x[0] += a * r.uniform(0.85, 1.15) * shape
            x[1] += a * r.uniform(0.85, 1.15) * shape
            truth.append(pos)
            busy.append((pos - 0.3, pos + 0.5))
            if r.random() < 0.1:  # a double blink
                gap = r.uniform(0.4, 0.6)
                pos += gap
                d = t - pos
                shape = np.where(d < 0, np.exp(-0.5 * (d / left) ** 2),
                                 np.exp(-0.5 * (d / right) ** 2))
                a2 = a * r.uniform(0.7, 1.0)
                x += a2 * shape[None, :]
                truth.append(pos)
                busy.append((pos - 0.3, pos + 0.5))
            pos += r.exponential(60.0 / rate) + 0.8
    if saccades:
        pos = r.uniform(1.0, 4.0)
        while pos < seconds - 4.0:
            hold = r.uniform(0.7, 3.0)
            if any(a < pos + hold + 0.3 and b > pos - 0.3 for a, b in busy):
                pos += r.uniform(0.5, 1.5)
                continue
            if r.random() < 0.6:  # vertical: look up (+) or down (-), hold, come back
                amp = level * r.uniform(0.4, 1.0) * r.choice([-1.0, 1.0])
                w = r.uniform(0.03, 0.07)
                s = edge(t, pos, w) - edge(t, pos + hold, w)
                x[0] += amp * r.uniform(0.9, 1.1) * s
                x[1] += amp * r.uniform(0.9, 1.1) * s
            else:  # horizontal: opposite signs at the two electrodes
                amp = r.uniform(30.0, 100.0) * r.choice([-1.0, 1.0])
                w = r.uniform(0.03, 0.06)
                s = edge(t, pos, w) - edge(t, pos + hold, w)
                x[0] += amp * s
                x[1] -= amp * r.uniform(0.6, 1.0) * s
            busy.append((pos - 0.3, pos + hold + 0.3))
            pos += hold + r.uniform(1.0, 6.0)
    if muscle:
        for _ in range(int(r.integers(1, 5))):
            on, dur = r.uniform(0, seconds - 2), r.uniform(0.3, 2.0)
            env = np.clip((t - on) / 0.05, 0, 1) * np.clip((on + dur - t) / 0.05, 0, 1)
            emg = shaped_noise(r, n, fs, lambda f: ((f > 20) & (f < 0.45 * fs)) * 1.0, 2)
            x += r.uniform(20.0, 80.0) * emg * env[None, :]
    drift = shaped_noise(r, n, fs, lambda f: np.exp(-f / 0.05), 2)
    x += r.uniform(20.0, 150.0) * drift
    x += r.uniform(-2000, 2000, size=(2, 1))
    f0 = r.choice([50.0, 60.0])
    if f0 < 0.5 * fs:
        x += r.uniform(1.0, 10.0) * np.sin(2 * np.pi * f0 * t + r.uniform(0, 6.3))[None, :]
    return x.T.copy(), np.array(truth)


def score(found, truth, tol=0.1):
    """Greedy one-to-one matching within tol seconds; returns (hits, misses, extras)."""
    found = np.sort(np.asarray(found, dtype=float).ravel())
    used = np.zeros(found.size, dtype=bool)
    hits = 0
    for tt in truth:
        d = np.abs(found - tt)
        d[used] = np.inf
        if d.size and d.min() <= tol:
            used[int(np.argmin(d))] = True
            hits += 1
    return hits, len(truth) - hits, int((~used).sum())


FS_CHOICES = [125.0, 128.0, 250.0, 256.0, 500.0]


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records, label):
    tot_hits = tot_true = tot_found = 0
    bad = []
    for i, (x, fs, truth) in enumerate(records):
        found = np.asarray(detect_blinks(x, fs), dtype=float)
        hits, misses, extras = score(found, truth)
        tot_hits += hits
        tot_true += len(truth)
        tot_found += hits + extras
        allowed = max(2, int(np.ceil(0.1 * len(truth))))
        if not (misses <= allowed and extras <= allowed):
            # excess: the larger count of misses or extras in units of the allowed count
            excess = max(misses, extras) / allowed
            bad.append((excess, f"{label} record {i}: {len(truth)} blinks, {hits} found within "
                                f"100 ms, {misses} missed, {extras} extra detections, {allowed} "
                                f"of each allowed (fs {fs:g} Hz; {excess:.1f}x tolerance)"))
    recall, precision = tot_hits / tot_true, tot_hits / max(tot_found, 1)
    assert recall >= 0.95 and precision >= 0.95, (
        f"{label}: recall {recall:.2f}, precision {precision:.2f}")
    assert_quota(bad, len(records))


def test_everyday_recordings():
    r = rng(1)
    records = []
    for _ in range(6):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(60, 120))
        records.append((x, fs, truth))
    check(records, "everyday")


def test_reading_and_looking_around():
    r = rng(2)
    records = []
    for _ in range(5):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(60, 120), blink_rate=r.uniform(5, 12))
        records.append((x, fs, truth))
    check(records, "gaze shifts")


def test_no_blinks_no_detections():
    r = rng(3)
    for i in range(4):
        fs = float(r.choice(FS_CHOICES))
        x, _ = record(r, fs, r.uniform(40, 80), blinks=False)
        found = np.asarray(detect_blinks(x, fs), dtype=float).ravel()
        assert found.size <= 2, f"record {i}: {found.size} blinks found in a record without any"


def test_output_form():
    r = rng(4)
    x, truth = record(r, 250.0, 30.0)
    found = detect_blinks(x, 250.0)
    assert isinstance(found, np.ndarray) and found.ndim == 1
    assert np.issubdtype(found.dtype, np.floating)
    assert np.all(np.diff(found) > 0)
    assert np.all((found >= 0) & (found <= 30.0))
    quiet = np.asarray(detect_blinks(5.0 * r.normal(size=(2500, 2)) + 300.0, 250.0))
    assert quiet.shape == (0,)


@pytest.mark.parametrize("eeg, fs", [(np.zeros(1000), 250.0), (np.zeros((1000, 3)), 250.0),
                                     (np.zeros((1000, 2)), 0.0), (np.zeros((1000, 2)), -250.0)])
def test_invalid_input_raises(eeg, fs):
    with pytest.raises(ValueError):
        detect_blinks(eeg, fs)
