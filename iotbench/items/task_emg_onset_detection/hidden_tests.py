"""Hidden tests: muscle activations found in raw trunk-muscle surface EMG, graded on timing.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record is amplifier noise
plus bursts of muscle activity (band-limited random EMG under an activation envelope with short
ramps, of widely varying strength), with the heartbeat's ECG picked up at every beat (often far
larger than a weak contraction), mains interference at 50 or 60 Hz with harmonics and a drifting
amplitude, electrode offset, slow drift and movement artefacts at some contractions.
"""

import os

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from candidate import detect_activations

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, cutoff_hz):
    """Unit-variance random signal low-passed to about cutoff_hz (moving average of noise)."""
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(r.normal(size=n + width))
    x = c[width:] - c[:-width]
    return x / x.std()


def schedule(r, duration, short=False):
    """Activation intervals (s): rest of at least 0.6 s between them, none in the first 1.2 s."""
    acts, pos = [], r.uniform(1.2, 2.5)
    if duration <= 0:
        return acts
    while True:
        length = r.uniform(0.2, 0.6) if (short or r.random() < 0.35) else r.uniform(0.6, 3.5)
        if pos + length > duration - 1.0:
            break
        acts.append((pos, pos + length))
        pos += length + r.uniform(0.6, 3.0)
    return acts


def ecg(r, t, fs, amp_uv):
    """Surface ECG as picked up by trunk EMG electrodes (random polarity and morphology)."""
    n = len(t)
    out = np.zeros(n)
    rr0 = 60.0 / r.uniform(55, 110)
    beat_t = r.uniform(0, rr0)
    # P, Q, R, S, T waves: (offset s, width s, relative amplitude)
    waves = [(-0.16, 0.022, 0.12), (-0.028, 0.007, -0.15), (0.0, 0.009, 1.0),
             (0.026, 0.008, r.uniform(-0.5, -0.1)), (0.26, 0.045, r.uniform(0.1, 0.35))]
    sign = r.choice([-1.0, 1.0])
    half = int(0.45 * fs)
    k = np.arange(-half, half + 1) / fs
    while beat_t < t[-1] + 0.3:
        centre = int(round(beat_t * fs))
        a = amp_uv * sign * r.uniform(0.85, 1.15)
        shape = sum(w_a * np.exp(-0.5 * ((k - w_t) / w_s) ** 2) for w_t, w_s, w_a in waves)
        lo, hi = centre - half, centre + half + 1
        s0, s1 = max(lo, 0), min(hi, n)
        if s1 > s0:
            out[s0:s1] += a * shape[s0 - lo:s1 - lo]
        beat_t += rr0 * r.uniform(0.9, 1.1)
    return out


def record(r, fs, duration, ecg_amp=None, mains=True, short=False, active=True):
    """One raw EMG record in microvolts and its true activations [(onset, offset)] in s."""
    n = int(duration * fs)
    t = np.arange(n) / fs
    acts = schedule(r, duration if active else 0.0, short)
    noise_uv = r.uniform(1.5, 4.0)
    envelope = np.zeros(n)
    truth = []
    for on, off in acts:
        rise, fall = r.uniform(0.01, 0.04), r.uniform(0.015, 0.05)
        level = noise_uv * np.exp(r.uniform(np.log(6.0), np.log(60.0)))
        e = np.zeros(n)
        up = (t >= on) & (t < on + rise)
        e[up] = 0.5 - 0.5 * np.cos(np.pi * (t[up] - on) / rise)
        e[(t >= on + rise) & (t < off)] = 1.0
        down = (t >= off) & (t < off + fall)
        e[down] = 0.5 + 0.5 * np.cos(np.pi * (t[down] - off) / fall)
        envelope += level * e
        truth.append((on + 0.5 * rise, off + 0.5 * fall))
    # force fluctuates during a contraction
    envelope *= np.clip(1.0 + 0.2 * smooth(r, n, fs, 3.0), 0.65, None)
    sos = butter(2, [r.uniform(20, 35), r.uniform(180, 300)], btype="bandpass", fs=fs,
                 output="sos")
    carrier = sosfilt(sos, r.normal(size=n))
    carrier /= carrier.std()
    x = envelope * carrier
    # amplifier and electrode noise, band-limited by the front end
    front = butter(1, [5.0, min(500.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    white = sosfilt(front, r.normal(size=n))
    x += noise_uv * white / white.std()
    amp = r.uniform(60, 300) if ecg_amp is None else ecg_amp
    if amp > 0:
        x += ecg(r, t, fs, amp)
    if mains:
        f0 = r.choice([50.0, 60.0]) + r.uniform(-0.2, 0.2)
        a0 = r.uniform(2, 12) * np.clip(1 + 0.2 * smooth(r, n, fs, 0.15), 0.5, None)
        phase = r.uniform(0, 2 * np.pi, size=3)
        for h, rel in zip((1, 3, 5), (1.0, r.uniform(0.1, 0.4), r.uniform(0.05, 0.2))):
            x += a0 * rel * np.sin(2 * np.pi * h * f0 * t + phase[h // 2])
    # electrode offset, slow drift, movement artefacts when some contractions start
    x += r.uniform(-800, 800) + r.uniform(20, 80) * smooth(r, n, fs, 0.2)
    for on, _ in acts:
        if r.random() < 0.5:
            d = t - on - r.uniform(0.0, 0.15)
            x += r.uniform(40, 250) * r.choice([-1, 1]) * np.exp(-0.5 * (d / 0.12) ** 2)
    return x, truth


def match(found, truth):
    """Greedy one-to-one matching by overlap; returns list of (true, found or None), extras."""
    found = [tuple(map(float, f)) for f in found]
    used = set()
    pairs = []
    for on, off in truth:
        best, best_ov = None, 0.0
        for j, (a, b) in enumerate(found):
            ov = min(off, b) - max(on, a)
            if j not in used and ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
        pairs.append(((on, off), found[best] if best is not None else None))
    extras = [f for j, f in enumerate(found) if j not in used]
    return pairs, extras


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check_records(records, label):
    """Problems: one (excess, message) per record with an extra, a missed or a mistimed
    (> 0.1 s) activation. The excess is the worst edge's timing error / 0.1 s; an extra or a
    missed activation has no scale (infinite excess). The share of onsets/offsets off by more
    than 50 ms is checked over all records (every record's matched activations included)."""
    errors = []
    bad = []
    for i, (x, fs, truth) in enumerate(records):
        found = np.asarray(detect_activations(x, fs), dtype=float).reshape(-1, 2)
        assert np.all(np.isfinite(found)), f"{label} record {i}: non-finite activation times"
        pairs, extras = match(found, truth)
        problems = []
        excess = 0.0
        if extras:
            excess = float("inf")
            problems.append(f"{len(extras)} activations where the muscle rested, first at "
                            f"{extras[0][0]:.2f} s")
        for (on, off), got in pairs:
            if got is None:
                excess = float("inf")
                problems.append(f"missed activation at {on:.2f} s")
                continue
            errors.append(max(abs(got[0] - on), abs(got[1] - off)))
            if errors[-1] > 0.1:
                excess = max(excess, errors[-1] / 0.1)
                problems.append(f"activation {on:.3f}-{off:.3f} s found as "
                                f"{got[0]:.3f}-{got[1]:.3f} s (tolerance 0.1 s, "
                                f"{errors[-1] / 0.1:.1f}x)")
        if problems:
            bad.append((excess, f"{label} record {i} (fs {fs:g} Hz): "
                                + "; ".join(problems[:3])))
    errors = np.array(errors)
    late = np.mean(errors > 0.05)
    assert late <= 0.1, f"{label}: {late:.0%} of onsets/offsets off by more than 50 ms"
    return bad


FS_CHOICES = [1000.0, 1024.0, 1500.0, 2000.0, 2048.0]


def test_trunk_recordings():
    r = rng(1)
    records = []
    for _ in range(5):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(20, 30))
        records.append((x, fs, truth))
    assert_quota(check_records(records, "trunk"), len(records))


def test_short_bursts_and_strong_heartbeat():
    r = rng(2)
    records = []
    for _ in range(4):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(15, 25), ecg_amp=r.uniform(200, 400), short=True)
        records.append((x, fs, truth))
    bad = check_records(records, "short bursts")  # 4 records: no quota
    assert not bad, "\n".join(message for _, message in bad)


def test_rest_only_gives_nothing():
    r = rng(3)
    for i in range(4):
        fs = float(r.choice(FS_CHOICES))
        rest, _ = record(r, fs, r.uniform(10, 20), ecg_amp=r.uniform(60, 400), active=False)
        got = np.asarray(detect_activations(rest, fs)).reshape(-1, 2)
        assert got.shape[0] == 0, f"rest record {i}: {got.shape[0]} activations found"


def test_limb_muscle_without_heartbeat():
    r = rng(4)
    records = []
    for _ in range(3):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(20, 30), ecg_amp=0.0)
        records.append((x, fs, truth))
    bad = check_records(records, "limb")  # 3 records: no quota
    assert not bad, "\n".join(message for _, message in bad)


def test_output_form():
    r = rng(5)
    x, truth = record(r, 1000.0, 12.0)
    got = detect_activations(x, 1000.0)
    assert isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[1] == 2
    assert np.issubdtype(got.dtype, np.floating)
    assert np.all(np.diff(got[:, 0]) > 0) and np.all(got[:, 1] > got[:, 0])
    quiet = 120.0 + 2.0 * r.normal(size=5000)
    quiet = np.asarray(detect_activations(quiet, 1000.0))
    assert quiet.shape == (0, 2)


@pytest.mark.parametrize("emg, fs", [(np.zeros((2, 5000)), 1000.0), (np.zeros(5000), 0.0),
                                     (np.zeros(5000), -1000.0)])
def test_invalid_input_raises(emg, fs):
    with pytest.raises(ValueError):
        detect_activations(emg, fs)
