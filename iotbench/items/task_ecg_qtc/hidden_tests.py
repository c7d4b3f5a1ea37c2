"""Hidden tests: Bazett-corrected QT from a 10 s single-lead resting ECG, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Beats are built from waves
of finite duration: a P wave, a QRS complex (small q, R, S) that starts at a known instant, an
isoelectric ST segment and an asymmetric T wave (slow rise, steeper fall), sometimes followed by
a U wave. Each beat's QT follows its preceding RR interval with the record's true QTc (Bazett),
so QTc is the same whatever beat is measured. The T-wave end is where the tangent at the
steepest part of its descending limb meets the baseline (the standard manual method), taken on
the noiseless wave. On top come baseline wander, mains hum, muscle noise, a 12-bit ADC with
offset and a device gain.
"""

import os

import numpy as np
import pytest

from candidate import qtc_bazett

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def hann_bump(t, start, length):
    """A smooth bump of unit height on [start, start + length], zero outside."""
    u = (t - start) / length
    return np.where((u > 0) & (u < 1), 0.5 - 0.5 * np.cos(2 * np.pi * u), 0.0)


def half_cos_t(t, peak, rise, fall):
    """Asymmetric T wave: half-cosine rise over `rise`, half-cosine fall over `fall`."""
    y = np.zeros_like(t)
    up = (t > peak - rise) & (t <= peak)
    y[up] = 0.5 - 0.5 * np.cos(np.pi * (t[up] - peak + rise) / rise)
    down = (t > peak) & (t < peak + fall)
    y[down] = 0.5 + 0.5 * np.cos(np.pi * (t[down] - peak) / fall)
    return y


def ecg_record(r, fs, qtc_ms, u_wave=False, noise=1.0, seconds=10.0):
    """Return (ADC counts, counts_per_mv, true QTc in ms)."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    qtc = qtc_ms / 1000
    qrs_d = r.uniform(0.08, 0.11)
    pr = r.uniform(0.14, 0.19)                  # P onset to QRS onset
    rr0 = 60 / r.uniform(48, 105)
    while qtc * np.sqrt(rr0) + pr + 0.08 > 0.94 * rr0:   # the T wave ends before the next P
        rr0 *= 1.05
    amp_r, amp_q, amp_s = r.uniform(0.7, 1.8), r.uniform(0.06, 0.2), r.uniform(0.1, 0.45)
    if r.random() < 0.4:
        amp_q = 0.0

    amp_p, amp_t = r.uniform(0.08, 0.2), r.uniform(0.15, 0.6)
    fall = r.uniform(0.06, 0.1)                 # T descending limb
    u_amp = r.uniform(0.04, 0.1) * (amp_t / 0.4) if u_wave else 0.0
    y = np.zeros(n)
    onset = r.uniform(0.3, 0.8)
    prev_rr = rr0
    while onset < seconds + 1:
        qt = qtc * np.sqrt(prev_rr)
        t_end = onset + qt                      # tangent-method T end (truth)
        peak = t_end - 0.8183 * fall            # tangent of a half-cosine fall meets 0 there
        rise = min(r.uniform(0.11, 0.17), peak - onset - qrs_d - 0.02)
        y += amp_p * hann_bump(t, onset - pr, r.uniform(0.08, 0.1))
        if amp_q > 0:   # a q wave opens the QRS; otherwise the R wave does
            y -= amp_q * hann_bump(t, onset, 0.3 * qrs_d)
            y += amp_r * hann_bump(t, onset + 0.15 * qrs_d, 0.55 * qrs_d)
        else:
            y += amp_r * hann_bump(t, onset, 0.7 * qrs_d)
        y -= amp_s * hann_bump(t, onset + 0.6 * qrs_d, 0.4 * qrs_d)
        y += amp_t * half_cos_t(t, peak, rise, fall)
        if u_wave:
            y += u_amp * hann_bump(t, t_end + r.uniform(0.06, 0.12), r.uniform(0.1, 0.14))
        rr = rr0 * (1 + 0.03 * r.normal())
        onset += rr
        prev_rr = rr
    # what the electrodes and the front end add
    y += r.uniform(0.05, 0.3) * noise * np.sin(2 * np.pi * r.uniform(0.15, 0.4) * t + r.uniform(0, 6.3))
    y += 0.08 * noise * smooth_noise(r, n, fs, 0.3)
    mains = r.choice([50.0, 60.0])
    y += r.uniform(0.01, 0.05) * noise * np.sin(2 * np.pi * mains * t + r.uniform(0, 6.3))
    y += r.uniform(0.005, 0.02) * noise * r.normal(size=n)
    gain = r.uniform(150, 400)                 # counts per mV
    counts = np.clip(np.round(2048 + r.uniform(-200, 200) + gain * y), 0, 4095)
    return counts, float(gain), qtc_ms


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records, tol=20.0, mean_tol=10.0):
    errors, bad = [], []
    for i, (ecg, fs, gain, truth) in enumerate(records):
        got = qtc_bazett(ecg, fs, gain)
        assert isinstance(got, (float, np.floating)), f"record {i}: returned {type(got)}"
        assert np.isfinite(got), f"record {i}: returned {got}"
        err = abs(float(got) - truth)
        errors.append(err)
        if not err <= tol:
            excess = err / tol   # the QTc error in units of the tolerance
            bad.append((excess, f"record {i}: QTc {float(got):.0f} ms, true {truth:.0f} ms, "
                                f"tolerance {tol:.0f} ms (fs {fs}; {excess:.1f}x tolerance)"))
    assert np.mean(errors) <= mean_tol, f"mean absolute error {np.mean(errors):.1f} ms"
    assert_quota(bad, len(records))


def test_normal_and_prolonged_qtc():
    r = rng(1)
    records = []
    for i in range(8):
        fs = float(r.choice([250, 360, 500]))
        ecg, gain, truth = ecg_record(r, fs, r.uniform(370, 500))
        records.append((ecg, fs, gain, truth))
    check(records)


def test_u_waves_and_noisy_recordings():
    r = rng(2)
    records = []
    for i in range(8):
        fs = float(r.choice([250, 500]))
        ecg, gain, truth = ecg_record(r, fs, r.uniform(370, 500), u_wave=True,
                                      noise=r.uniform(1.0, 1.6))
        records.append((ecg, fs, gain, truth))
    check(records)


def test_integer_counts_and_result_type():
    r = rng(3)
    ecg, gain, truth = ecg_record(r, 250.0, 420.0)
    got = qtc_bazett(ecg.astype(np.int16), 250.0, gain)
    assert isinstance(got, float) and abs(got - truth) <= 20


@pytest.mark.parametrize("case", ["two_d", "fs", "gain", "short"])
def test_invalid_input_raises(case):
    r = rng(4)
    ecg, gain, _ = ecg_record(r, 250.0, 420.0)
    args = [ecg, 250.0, gain]
    if case == "two_d":
        args[0] = ecg.reshape(-1, 2)
    elif case == "fs":
        args[1] = 0.0
    elif case == "gain":
        args[2] = -1.0
    else:
        args[0] = ecg[:500]
    with pytest.raises(ValueError):
        qtc_bazett(*args)
