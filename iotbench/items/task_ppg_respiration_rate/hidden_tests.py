"""Hidden tests: breathing rate from a fingertip PPG, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Breathing (its rate drifting
from breath to breath, with an asymmetric inspiration/expiration shape) modulates the PPG in the
three known ways, each with its own strength per person: the baseline (venous return and
intrathoracic pressure), the pulse amplitude (stroke volume) and the beat intervals
(respiratory sinus arrhythmia, weak in older people). On top come the confounders of a real
finger recording: Mayer waves and vasomotion near 0.1 Hz (strong on the baseline, present in the
heart rate), very slow drift, small pressure changes of the finger, noise and quantisation.
"""

import os

import numpy as np
import pytest

from candidate import respiratory_rate

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    spec[0] = 0.0  # zero mean: a slow wander around the nominal value, not an offset of it
    x = np.fft.irfft(spec, n)
    return x / x.std()


def finger_ppg(r, fs, seconds, breaths_per_min, weak=None):
    """Return (ppg, true mean breathing rate in breaths/min).

    weak: which respiratory modulation is nearly absent for this person
    ("baseline", "amplitude", "intervals" or None)."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    f_resp = breaths_per_min / 60 * (1 + 0.05 * smooth_noise(r, n, fs, 0.03))
    phi = 2 * np.pi * np.cumsum(f_resp) / fs + r.uniform(0, 6.3)
    truth = (phi[-1] - phi[0]) / (2 * np.pi) / (t[-1] - t[0]) * 60
    depth = 1 + 0.15 * smooth_noise(r, n, fs, 0.05)              # breath-to-breath depth
    breath = depth * (np.sin(phi) + 0.25 * np.sin(2 * phi + 0.6))  # short inspiration

    f_mayer = r.uniform(0.06, 0.1)
    mayer = np.sin(2 * np.pi * f_mayer * t + r.uniform(0, 6.3)) * (1 + 0.3 * smooth_noise(r, n, fs, 0.02))
    strength = {"baseline": r.uniform(0.12, 0.3), "amplitude": r.uniform(0.08, 0.2),
                "intervals": r.uniform(0.02, 0.05)}
    if weak is not None:
        strength[weak] *= r.uniform(0.05, 0.15)

    # fast breathing comes with a faster heart: at least 2.8 beats per breath (breathing well
    # below HR / 2), spread over a range rather than piled up at that bound
    hr_low = max(55.0, 2.8 * breaths_per_min)
    hr0 = r.uniform(hr_low, max(100.0, hr_low + 20.0)) / 60
    lag = r.uniform(0.0, 1.0)
    inst_hr = hr0 * (1 + strength["intervals"] * np.interp(t - lag, t, breath)
                     + r.uniform(0.01, 0.025) * mayer + 0.01 * smooth_noise(r, n, fs, 0.3))
    u = np.cumsum(inst_hr) / fs + r.uniform(0, 1)
    u = u - np.floor(u)

    def bump(centre, width):
        return sum(np.exp(-((u - centre - j) / width) ** 2) for j in (-1, 0, 1))

    shape = bump(0.25, 0.15) + r.uniform(0.2, 0.45) * bump(0.6, 0.14)
    shape = (shape - shape.mean()) / shape.std()
    amp = 1 + strength["amplitude"] * np.interp(t - r.uniform(0, 1.5), t, breath) \
        + r.uniform(0.0, 0.03) * mayer
    base = (strength["baseline"] * breath * np.sign(r.normal())
            + r.uniform(0.2, 0.5) * mayer
            + r.uniform(0.2, 0.6) * smooth_noise(r, n, fs, 0.02))
    for _ in range(int(r.integers(0, 3))):  # the finger presses a little harder or softer
        at = r.uniform(0, t[-1])
        base += r.uniform(-0.5, 0.5) / (1 + np.exp(-(t - at) / 0.5))
    y = amp * shape + base + r.uniform(0.02, 0.06) * r.normal(size=n)
    gain = r.uniform(300, 3000)
    ppg = np.round(gain * y * r.choice([-1, 1]) + r.uniform(2e4, 2e5))
    return ppg, truth


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(cases, stream):
    r = rng(stream)
    errors = []
    bad = []
    for i, weak in enumerate(cases):
        fs = float(r.choice([25, 50, 100, 125]))
        rate = r.uniform(9, 30)
        ppg, truth = finger_ppg(r, fs, r.uniform(60, 120), rate, weak)
        got = respiratory_rate(ppg, fs)
        assert isinstance(got, (float, np.floating)), f"record {i}: returned {type(got)}"
        assert np.isfinite(got), f"record {i}: returned {got}"
        err = abs(float(got) - truth)
        errors.append(err)
        if not err <= 2.0:
            excess = err / 2.0   # the rate error in units of the tolerance
            bad.append((excess, f"record {i}: {float(got):.1f} breaths/min, true {truth:.1f}, "
                                f"tolerance 2.0 (fs {fs}, weak modulation: {weak}; "
                                f"{excess:.1f}x tolerance)"))
    assert np.mean(errors) <= 1.0, f"mean error {np.mean(errors):.2f} breaths/min"
    assert_quota(bad, len(cases))


def test_all_modulations_present():
    check([None] * 6, 1)


def test_weak_baseline_modulation():
    check(["baseline"] * 6, 2)


def test_weak_sinus_arrhythmia_or_amplitude():
    check(["intervals", "amplitude"] * 3, 3)


def test_slow_and_fast_breathing():
    r = rng(4)
    for i, rate in enumerate([r.uniform(9, 11), r.uniform(26, 30), r.uniform(9, 11),
                              r.uniform(26, 30)]):
        fs = float(r.choice([25, 50, 100]))
        ppg, truth = finger_ppg(r, fs, 90, rate, [None, "baseline"][i % 2])
        got = float(respiratory_rate(ppg, fs))
        assert abs(got - truth) <= 2.0, f"record {i}: {got:.1f} breaths/min, true {truth:.1f}"


def test_list_input():
    r = rng(5)
    ppg, truth = finger_ppg(r, 50.0, 60, 15.0)
    got = respiratory_rate(list(ppg), 50)
    assert isinstance(got, float) and abs(got - truth) <= 2.0


@pytest.mark.parametrize("case", ["two_d", "fs", "short"])
def test_invalid_input_raises(case):
    r = rng(6)
    ppg, _ = finger_ppg(r, 50.0, 60, 15.0)
    if case == "two_d":
        args = (ppg.reshape(-1, 2), 50.0)
    elif case == "fs":
        args = (ppg, -1.0)
    else:
        args = (ppg[:50 * 25], 50.0)
    with pytest.raises(ValueError):
        respiratory_rate(*args)
