"""Hidden tests: exercise repetitions counted from a multi-channel forearm EMG armband.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A session has rest, 2-4
sets of 5-15 repetitions at a set-specific load (the light sets' EMG a fraction of the heavy
ones') and pace, and rests between sets with hand gestures and shake-outs. A repetition is a
strong lifting (concentric) burst, a partial relaxation at the top, a weaker lowering (eccentric)
burst and a relaxation at the bottom. Three muscle groups are mixed into the armband's channels
according to its random rotation on the forearm; channels differ in gain and noise, one may have
poor skin contact (much more noise and mains hum), and arm movement adds baseline wander. The
8-bit 200 Hz device quantises and clips.
"""

import os

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from candidate import count_repetitions

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, cutoff_hz):
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(r.normal(size=n + width))
    x = c[width:] - c[:-width]
    return x / x.std()


def boxcar(x, width):
    width = max(1, int(width))
    c = np.concatenate([[0.0], np.cumsum(x)])
    lo = np.clip(np.arange(x.size) - width // 2, 0, x.size)
    hi = np.clip(np.arange(x.size) + width - width // 2, 0, x.size)
    return (c[hi] - c[lo]) / np.maximum(hi - lo, 1)


def set_knots(r, start, reps, period, load):
    """Envelope knots (time, prime mover level) of one set of repetitions."""
    times, values = [start - 0.3], [0.0]
    t = start
    for k in range(reps):
        T = period * r.uniform(0.92, 1.08)
        grow = 1.0 + r.uniform(0.0, 0.3) * k / max(1, reps - 1)  # fatigue: more activity
        a = load * grow * r.uniform(0.85, 1.15)
        con, top, ecc = (r.uniform(0.30, 0.42) * T, r.uniform(0.06, 0.18) * T,
                         r.uniform(0.25, 0.36) * T)
        top_level = a * r.uniform(0.12, 0.35)
        ecc_level = a * r.uniform(0.45, 0.75)
        low = a * r.uniform(0.02, 0.1)
        seq = [(0.0, low), (0.25 * con, a), (0.75 * con, a), (con, top_level),
               (con + top, top_level), (con + top + 0.3 * ecc, ecc_level),
               (con + top + 0.8 * ecc, ecc_level), (con + top + ecc, low), (T, low)]
        for dt, v in seq[:-1]:
            times.append(t + dt)
            values.append(v)
        t += T
    times += [t, t + 0.3]
    values += [0.0, 0.0]
    return times, values, t


def gesture_knots(r, start, stop):
    """Hand gestures, grip adjustments and shake-outs during a rest: none is a repetition."""
    times, values = [], []
    t = start + r.uniform(1.0, 4.0)
    while t < stop - 3.0:
        if r.random() < 0.3:  # shake-out: fast alternating bursts
            rate, dur = r.uniform(3.0, 5.0), r.uniform(1.0, 2.0)
            a = r.uniform(0.2, 0.7)
            for k in np.arange(0, dur, 1 / rate):
                times += [t + k, t + k + 0.3 / rate, t + k + 0.7 / rate]
                values += [0.0, a, 0.0]
            t += dur
        else:  # one gesture or grip adjustment
            dur, a = r.uniform(0.3, 1.2), r.uniform(0.15, 0.8)
            times += [t, t + 0.15, t + dur - 0.15, t + dur]
            values += [0.0, a, a * r.uniform(0.5, 1.0), 0.0]
            t += dur
        t += r.uniform(3.0, 12.0)
    return times, values


def session(r, fs, n_sets=None, loads=None, gestures_only=False):
    """Raw armband samples (n, channels) and the true number of repetitions."""
    n_sets = int(r.integers(2, 5)) if n_sets is None else n_sets
    pre = r.uniform(3, 8)
    t = pre
    prime_t, prime_v, gest_t, gest_v = [0.0], [0.0], [0.0], [0.0]
    total = 0
    if gestures_only:
        stop = r.uniform(60, 120)
        gt, gv = gesture_knots(r, 0.0, stop)
        gest_t += gt
        gest_v += gv
        t = stop
    else:
        for s in range(n_sets):
            reps = int(r.integers(5, 16))
            load = np.exp(r.uniform(np.log(0.15), 0.0)) if loads is None else loads[s]
            kt, kv, t = set_knots(r, t, reps, r.uniform(1.8, 4.0), load)
            prime_t += kt
            prime_v += kv
            total += reps
            if s < n_sets - 1:
                rest = r.uniform(15, 40)
                gt, gv = gesture_knots(r, t + 2.0, t + rest - 2.0)
                gest_t += gt
                gest_v += gv
                t += rest
    duration = t + r.uniform(3, 8)
    n = int(duration * fs)
    tt = np.arange(n) / fs
    order = np.argsort(prime_t, kind="stable")
    prime = np.interp(tt, np.array(prime_t)[order], np.array(prime_v)[order])
    order = np.argsort(gest_t, kind="stable")
    gest = np.interp(tt, np.array(gest_t)[order], np.array(gest_v)[order])
    prime = boxcar(prime, 0.08 * fs)
    gest = boxcar(gest, 0.05 * fs)
    # muscle groups: prime mover, antagonist (co-contraction), stabilisers; gestures use all
    antagonist = r.uniform(0.15, 0.45) * prime + r.uniform(0.3, 1.0) * gest
    stabiliser = r.uniform(0.1, 0.3) * boxcar(prime, 0.4 * fs) + r.uniform(0.3, 1.0) * gest
    prime = prime + r.uniform(0.3, 1.0) * gest
    sources = np.stack([prime, antagonist, stabiliser])
    sources *= np.clip(1.0 + 0.1 * smooth(r, n, fs, 2.0), 0.5, None)
    n_ch = int(r.choice([4, 6, 8, 8]))
    angles = 2 * np.pi * np.arange(n_ch) / n_ch + r.uniform(0, 2 * np.pi)
    centres = r.uniform(0, 2 * np.pi, size=3)
    mix = np.maximum(np.cos(angles[:, None] - centres[None, :]), 0.0) ** 2 + 0.05
    level = np.sqrt((mix ** 2) @ sources ** 2)  # (channels, n): EMG RMS per channel
    carrier = r.normal(size=(n_ch, n))
    high = min(400.0, 0.45 * fs)
    if high > 30.0:
        carrier = sosfilt(butter(2, [20.0, high], btype="bandpass", fs=fs, output="sos"),
                          carrier, axis=1)
        carrier /= carrier.std(axis=1, keepdims=True)
    x = level * carrier
    gain = r.uniform(0.7, 1.5, size=n_ch)
    x *= gain[:, None] * 60.0
    noise = r.uniform(0.3, 1.0, size=n_ch)
    bad = int(r.integers(n_ch)) if r.random() < 0.5 else -1
    if bad >= 0:
        noise[bad] *= r.uniform(6, 15)
    x += noise[:, None] * r.normal(size=(n_ch, n))
    if bad >= 0:
        f0 = r.choice([50.0, 60.0])
        x[bad] += noise[bad] * r.uniform(2, 5) * np.sin(2 * np.pi * f0 * tt + r.uniform(0, 6))
    # arm movement: baseline wander while lifting and gesturing
    wander = boxcar(prime + gest, 0.3 * fs)
    x += (r.uniform(-20, 20, size=n_ch)[:, None] * wander
          + r.uniform(1, 6, size=n_ch)[:, None] * smooth(r, n, fs, 0.5))
    if fs <= 200:
        x = np.clip(np.round(x), -128, 127)
    return x.T.astype(float), total


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(r, records, label):
    """Problems: one (excess, message) per record whose count is off by more than one; the
    excess is the count error in tolerances (|counted - true| / 1 repetition)."""
    bad = []
    for i, (x, fs, truth) in enumerate(records):
        got = int(count_repetitions(x, fs))
        if abs(got - truth) > 1:
            excess = abs(got - truth) / 1.0
            bad.append((excess, f"{label} record {i}: counted {got} repetitions, true {truth} "
                                f"(tolerance 1, {excess:.1f}x; fs {fs:g} Hz, "
                                f"{x.shape[1]} channels)"))
    return bad


FS_CHOICES = [200.0, 200.0, 500.0, 1000.0]


def test_training_sessions():
    r = rng(1)
    records = []
    for _ in range(5):
        fs = float(r.choice(FS_CHOICES))
        x, truth = session(r, fs)
        records.append((x, fs, truth))
    assert_quota(check(r, records, "session"), len(records))


def test_light_and_heavy_sets():
    r = rng(2)
    records = []
    for _ in range(4):
        fs = float(r.choice(FS_CHOICES))
        loads = list(r.permutation([1.0, r.uniform(0.12, 0.2), r.uniform(0.3, 0.6)]))
        x, truth = session(r, fs, n_sets=3, loads=loads)
        records.append((x, fs, truth))
    bad = check(r, records, "light/heavy")  # 4 records: no quota
    assert not bad, "\n".join(message for _, message in bad)


def test_rest_with_gestures_is_not_exercise():
    r = rng(3)
    for i in range(4):
        fs = float(r.choice(FS_CHOICES))
        x, _ = session(r, fs, gestures_only=True)
        got = int(count_repetitions(x, fs))
        assert got <= 1, f"rest record {i}: counted {got} repetitions in gestures only"


def test_output_form():
    r = rng(4)
    x, _ = session(r, 200.0, n_sets=1)
    got = count_repetitions(x, 200.0)
    assert isinstance(got, (int, np.integer)) and not isinstance(got, bool)
    assert int(count_repetitions(x[:100], 200.0)) == 0


@pytest.mark.parametrize("emg, fs", [(np.zeros(5000), 200.0), (np.zeros((5000, 8)), 0.0),
                                     (np.zeros((5000, 8)), -200.0)])
def test_invalid_input_raises(emg, fs):
    with pytest.raises(ValueError):
        count_repetitions(emg, fs)
