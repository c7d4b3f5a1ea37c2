"""Hidden tests: short-term HRV (RMSSD, SDNN) from a 5-minute ECG with ectopic beats.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The sinus node produces
normal intervals with respiratory sinus arrhythmia, a ~0.1 Hz oscillation, slow drift and
random variation (RMSSD from about 8 to 90 ms). Some beats are replaced by ectopic beats:
premature ventricular beats (wide, large, different shape, full compensatory pause) and
premature atrial beats (normal shape, 20-40 % premature, sinus reset). The ECG of one lead is
built beat by beat (P, QRS, T; tall T waves and negative QRS in some leads), with baseline
wander, mains hum and muscle noise. Truth: RMSSD over successive pairs of normal-to-normal
intervals and SDNN over all normal-to-normal intervals, from the generator's beat times.
"""

import os

import numpy as np
import pytest

from candidate import hrv_time_domain

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def gauss(t, centre, width):
    return np.exp(-0.5 * ((t - centre) / width) ** 2)


def beat_times(r, seconds, hr, level, ectopy):
    """Beat times (s) and kinds ('N', 'V', 'A')."""
    rr0 = 60.0 / hr
    # vagal (beat-to-beat) variability falls as the resting heart rate rises: a resting adult at
    # 90 bpm does not have the RMSSD of one at 55 bpm, and sinus intervals do not change by a
    # quarter from one beat to the next (that is what a premature beat does)
    level = min(level, 0.09 * rr0)
    f_resp, f_lf = r.uniform(0.18, 0.3), r.uniform(0.08, 0.12)
    ph = r.uniform(0, 6.3, 3)
    rsa, lf, white = level * r.uniform(0.6, 0.9), r.uniform(0.01, 0.03), level * r.uniform(0.2, 0.4)
    drift = r.uniform(0.02, 0.06)
    times, kinds = [r.uniform(0.3, 0.8)], ["N"]
    ar = 0.0
    while times[-1] < seconds - 1.0:
        t = times[-1]
        ar = 0.5 * ar + r.normal()
        nn = rr0 * (1 + rsa / rr0 * np.sin(2 * np.pi * f_resp * t + ph[0])
                    + lf * np.sin(2 * np.pi * f_lf * t + ph[1])
                    + drift * np.sin(2 * np.pi * t / 300 + ph[2])) + white * ar
        if kinds[-1] == "N" and len(times) > 3 and r.random() < ectopy:
            if r.random() < 0.5:   # premature ventricular beat, full compensatory pause
                times.append(t + r.uniform(0.55, 0.75) * nn)
                kinds.append("V")
                times.append(t + 2 * nn)
            else:                  # premature atrial beat, sinus node reset
                times.append(t + r.uniform(0.6, 0.8) * nn)
                kinds.append("A")
                times.append(times[-1] + nn * r.uniform(1.0, 1.08))
            kinds.append("N")
        else:
            times.append(t + nn)
            kinds.append("N")
    return np.array(times), np.array(kinds)


def record(r, fs, seconds, level, ectopy=0.03, tall_t=False, inverted=False):
    """Return (ECG in mV, truth dict)."""
    hr = r.uniform(50, 95)
    times, kinds = beat_times(r, seconds, hr, level, ectopy)
    n = int(seconds * fs)
    t = np.arange(n) / fs
    y = np.zeros(n)
    r_amp = r.uniform(0.6, 2.0) * (-1 if inverted else 1)
    t_amp = abs(r_amp) * (r.uniform(0.6, 1.0) if tall_t else r.uniform(0.15, 0.35))
    p_amp = abs(r_amp) * r.uniform(0.08, 0.2)
    v_amp = abs(r_amp) * r.uniform(1.3, 2.5) * r.choice([-1, 1])
    for tb, kind in zip(times, kinds):
        lo, hi = np.searchsorted(t, [tb - 0.3, tb + 0.6])
        s = t[lo:hi] - tb
        if kind == "V":
            y[lo:hi] += v_amp * (gauss(s, 0.0, 0.035) - 0.35 * gauss(s, 0.075, 0.03))
            y[lo:hi] -= 0.35 * v_amp * gauss(s, 0.33, 0.07)
        else:
            y[lo:hi] += p_amp * gauss(s, -0.16, 0.025)
            y[lo:hi] += r_amp * (gauss(s, 0.0, 0.011) - 0.12 * gauss(s, -0.024, 0.01)
                                 - 0.25 * gauss(s, 0.027, 0.012))
            y[lo:hi] += t_amp * gauss(s, 0.28, 0.055)
    y += r.uniform(0.1, 0.5) * np.sin(2 * np.pi * r.uniform(0.15, 0.4) * t + r.uniform(0, 6.3))
    y += 0.1 * smooth_noise(r, n, fs, 0.1)
    y += r.uniform(0.01, 0.08) * np.sin(2 * np.pi * r.choice([50.0, 60.0]) * t)
    y += r.uniform(0.005, 0.03) * r.normal(size=n)
    nn = np.diff(times) * 1000
    ok = (kinds[:-1] == "N") & (kinds[1:] == "N")
    # an N-N interval right after an ectopic beat's neighbour is still normal-to-normal only if
    # no ectopic beat lies between its two beats, which holds by construction
    pairs = ok[:-1] & ok[1:]
    truth = {"rmssd": float(np.sqrt(np.mean(np.diff(nn)[pairs] ** 2))),
             "sdnn": float(np.std(nn[ok], ddof=1))}
    return y, truth


def grade_records(r, count, fss, levels, **kw):
    """Per-record problems, one (excess, message) per record out of tolerance; form is asserted."""
    bad = []
    for i in range(count):
        fs = float(r.choice(fss))
        ecg, truth = record(r, fs, r.uniform(280, 320), r.uniform(*levels), **kw)
        out = hrv_time_domain(ecg, fs)
        assert isinstance(out, dict), f"record {i}: expected a dict"
        rmssd, sdnn = float(out["rmssd_ms"]), float(out["sdnn_ms"])
        assert np.isfinite(rmssd) and np.isfinite(sdnn), f"record {i}: not finite: {out}"
        # excess: the larger relative error in units of the 10 % tolerance
        excess = max(abs(rmssd - truth["rmssd"]) / (0.1 * truth["rmssd"]),
                     abs(sdnn - truth["sdnn"]) / (0.1 * truth["sdnn"]))
        problems = []
        if not abs(rmssd - truth["rmssd"]) <= 0.1 * truth["rmssd"]:
            problems.append(f"RMSSD {rmssd:.1f} ms, true {truth['rmssd']:.1f} ms, "
                            f"tolerance {0.1 * truth['rmssd']:.1f} ms")
        if not abs(sdnn - truth["sdnn"]) <= 0.1 * truth["sdnn"]:
            problems.append(f"SDNN {sdnn:.1f} ms, true {truth['sdnn']:.1f} ms, "
                            f"tolerance {0.1 * truth['sdnn']:.1f} ms")
        if problems:
            bad.append((excess, f"record {i}: " + "; ".join(problems)
                        + f" (fs {fs}; {excess:.1f}x tolerance)"))
    return bad


def check(r, count, fss, levels, **kw):
    """Strict: every record within tolerance (tests with fewer than 5 records)."""
    bad = grade_records(r, count, fss, levels, **kw)
    assert not bad, bad[0][1]


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def test_resting_recordings_with_ectopic_beats():
    assert_quota(grade_records(rng(1), 5, [250, 360, 500], (0.02, 0.1), ectopy=0.04), 5)


def test_tall_t_waves_and_negative_qrs():
    r = rng(2)
    check(r, 2, [250, 500], (0.02, 0.08), ectopy=0.03, tall_t=True)
    check(r, 2, [250, 500], (0.02, 0.08), ectopy=0.03, inverted=True)


def test_low_variability_with_atrial_ectopy():
    check(rng(3), 4, [250, 500], (0.008, 0.02), ectopy=0.03)


def test_result_types():
    r = rng(4)
    ecg, truth = record(r, 250.0, 90, 0.05, ectopy=0.0)
    out = hrv_time_domain(list(ecg), 250)
    assert isinstance(out["rmssd_ms"], float) and isinstance(out["sdnn_ms"], float)


@pytest.mark.parametrize("case", ["two_d", "fs", "short"])
def test_invalid_input_raises(case):
    r = rng(5)
    ecg, _ = record(r, 250.0, 90, 0.05)
    args = {"two_d": (ecg.reshape(-1, 2), 250.0), "fs": (ecg, 0.0),
            "short": (ecg[: 250 * 30], 250.0)}[case]
    with pytest.raises(ValueError):
        hrv_time_domain(*args)
