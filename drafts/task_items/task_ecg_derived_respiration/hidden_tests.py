"""Hidden tests: breathing rate from a single-lead chest ECG, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Breathing (rate wandering
from breath to breath, asymmetric breaths, varying depth) shows in the ECG in three ways, each
with its own strength per person: the QRS amplitude (the heart's electrical axis turns and the
chest's impedance changes), the baseline, and the beat intervals (respiratory sinus
arrhythmia). Shallow breathers hardly show the first two, older people hardly the third. On
top: non-respiratory baseline wander from the electrodes, Mayer waves (~0.1 Hz) in heart rate
and baseline, occasional ventricular ectopic beats, mains hum and muscle noise.
"""

import os

import numpy as np
import pytest

from candidate import breathing_rate

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def gauss(s, centre, width):
    return np.exp(-0.5 * ((s - centre) / width) ** 2)


def chest_ecg(r, fs, seconds, breaths_per_min, weak=(), ectopy=0.01):
    """Return (ECG in mV, true mean breathing rate in breaths/min).

    weak: the respiratory modulations this person hardly shows (a tuple of "amplitude",
    "baseline", "intervals")."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    f_resp = breaths_per_min / 60 * (1 + 0.05 * smooth_noise(r, n, fs, 0.03))
    f_resp *= breaths_per_min / 60 / f_resp.mean()   # the drawn rate is the mean rate
    phi = 2 * np.pi * np.cumsum(f_resp) / fs + r.uniform(0, 6.3)
    truth = (phi[-1] - phi[0]) / (2 * np.pi) / (t[-1] - t[0]) * 60
    depth = 1 + 0.15 * smooth_noise(r, n, fs, 0.05)
    breath = depth * (np.sin(phi) + 0.25 * np.sin(2 * phi + 0.6))
    strength = {"amplitude": r.uniform(0.06, 0.15), "baseline": r.uniform(0.03, 0.08),
                "intervals": r.uniform(0.02, 0.05)}
    for kind in weak or ():
        strength[kind] *= r.uniform(0.2, 0.4)
    f_mayer = r.uniform(0.06, 0.1)
    mayer = np.sin(2 * np.pi * f_mayer * t + r.uniform(0, 6.3))
    hr0 = max(r.uniform(55, 100), 2.8 * breaths_per_min) / 60
    inst = hr0 * (1 + strength["intervals"] * np.interp(t - r.uniform(0, 1), t, breath)
                  + r.uniform(0.01, 0.025) * mayer + 0.01 * smooth_noise(r, n, fs, 0.3))
    phase = np.cumsum(inst) / fs + r.uniform(0, 1)
    beats = t[np.flatnonzero(np.diff(np.floor(phase)) > 0) + 1]
    r_amp = r.uniform(0.6, 2.0) * r.choice([-1.0, 1.0], p=[0.2, 0.8])
    am = strength["amplitude"] * r.choice([-1.0, 1.0])
    t_amp = abs(r_amp) * r.uniform(0.15, 0.35)
    y = np.zeros(n)
    breath_at = np.interp(beats, t, breath)
    for k, tb in enumerate(beats):
        lo, hi = np.searchsorted(t, [tb - 0.3, tb + 0.55])
        s = t[lo:hi] - tb
        if k > 2 and r.random() < ectopy:   # a premature ventricular beat
            s2 = s + 0.25 * (beats[k] - beats[k - 1])
            y[lo:hi] += 1.8 * r_amp * (gauss(s2, 0.0, 0.035) - 0.4 * gauss(s2, 0.07, 0.03))
            continue
        a = r_amp * (1 + am * breath_at[k])   # the heart's axis and the chest's impedance
        y[lo:hi] += 0.12 * abs(r_amp) * gauss(s, -0.16, 0.025)
        y[lo:hi] += a * (gauss(s, 0, 0.011) - 0.1 * gauss(s, -0.025, 0.01)) \
            - 0.25 * r_amp * (1 - am * breath_at[k]) * gauss(s, 0.027, 0.012)
        y[lo:hi] += t_amp * gauss(s, 0.28, 0.055)
    y += strength["baseline"] * breath * r.choice([-1.0, 1.0])
    # electrode and motion wander, not respiratory
    y += r.uniform(0.05, 0.25) * smooth_noise(r, n, fs, 0.08) + r.uniform(0.03, 0.1) * mayer
    y += r.uniform(0.005, 0.05) * np.sin(2 * np.pi * r.choice([50.0, 60.0]) * t)
    y += r.uniform(0.005, 0.03) * abs(r_amp) * r.normal(size=n)
    return y, truth


def check(stream, weak_list, rates=None):
    r = rng(stream)
    errors = []
    for i, weak in enumerate(weak_list):
        fs = float(r.choice([250, 360, 500]))
        rate = r.uniform(9, 30) if rates is None else rates[i](r)
        ecg, truth = chest_ecg(r, fs, r.uniform(60, 120), rate, weak)
        got = breathing_rate(ecg, fs)
        assert isinstance(got, (float, np.floating)), f"record {i}: returned {type(got)}"
        err = abs(float(got) - truth)
        errors.append(err)
        assert err <= 2.0, (f"record {i}: {float(got):.1f} breaths/min, true {truth:.1f} "
                            f"(fs {fs}, weak modulation: {weak})")
    assert np.mean(errors) <= 1.0, f"mean error {np.mean(errors):.2f} breaths/min"


def test_all_modulations_present():
    check(1, [()] * 5)


def test_shallow_breathing():
    check(2, [("amplitude", "baseline")] * 5)


def test_little_sinus_arrhythmia():
    check(3, [("intervals",), ("intervals", "baseline"), ("intervals",),
              ("intervals", "baseline"), ("intervals", "amplitude")])


def test_slow_and_fast_breathing():
    slow, fast = (lambda r: r.uniform(9, 11)), (lambda r: r.uniform(26, 30))
    check(4, [(), ("amplitude", "baseline"), ("intervals",), ("baseline",)],
          rates=[slow, fast, slow, fast])


def test_list_input_and_result_type():
    r = rng(5)
    ecg, truth = chest_ecg(r, 250.0, 60, 15.0)
    got = breathing_rate(list(ecg), 250)
    assert isinstance(got, float) and abs(got - truth) <= 2.0


@pytest.mark.parametrize("case", ["two_d", "fs", "short"])
def test_invalid_input_raises(case):
    r = rng(6)
    ecg, _ = chest_ecg(r, 250.0, 60, 15.0)
    args = {"two_d": (ecg.reshape(-1, 2), 250.0), "fs": (ecg, -1.0),
            "short": (ecg[: 250 * 25], 250.0)}[case]
    with pytest.raises(ValueError):
        breathing_rate(*args)
