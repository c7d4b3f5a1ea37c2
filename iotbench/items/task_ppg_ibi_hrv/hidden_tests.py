"""Hidden tests: inter-beat intervals and RMSSD from a finger PPG, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Beat onsets follow a sinus
rhythm with respiratory sinus arrhythmia, slower oscillations and random variation (RMSSD from
under 10 ms in older people to about 80 ms). Each beat launches a pulse whose upstroke starts at
the onset; the systolic peak is shaped by a reflected wave whose timing varies from beat to beat,
so the peak moves relative to the onset. Ectopic beats (premature ventricular beats with a weak
or absent pulse and a compensatory pause, premature atrial beats), brief hand movements, noise,
breathing and drift make the recording realistic. The truth is the RMSSD of the sinus
(normal-to-normal) pulse intervals outside the movement bursts, from the generator's onsets.
"""

import os

import numpy as np
import pytest

from candidate import ppg_hrv

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def sinus_intervals(r, count, rr0, rsa, lf, white):
    """Normal beat-to-beat intervals (s): RSA, a ~0.1 Hz oscillation and random variation."""
    f_resp, f_lf = r.uniform(0.18, 0.3), r.uniform(0.08, 0.12)
    p_resp, p_lf = r.uniform(0, 6.3), r.uniform(0, 6.3)
    rr = np.empty(count)
    t = 0.0
    ar = 0.0
    for k in range(count):
        ar = 0.5 * ar + r.normal()
        rr[k] = rr0 * (1 + rsa * np.sin(2 * np.pi * f_resp * t + p_resp)
                       + lf * np.sin(2 * np.pi * f_lf * t + p_lf)) + white * ar
        t += rr[k]
    return rr


def record(r, fs, seconds, rmssd_level, ectopy=0.02, movements=0, weak_beats=0.0):
    """Return (ppg, truth dict)."""
    rr0 = r.uniform(0.65, 1.15)
    scale = rmssd_level / 1000.0
    rr = sinus_intervals(r, int(seconds / 0.4), rr0, rsa=scale * r.uniform(0.5, 0.9) / rr0,
                         lf=r.uniform(0.01, 0.03), white=scale * r.uniform(0.2, 0.4))
    # beat onsets; some normal beats are replaced by ectopic beats
    onsets, kinds = [r.uniform(0.2, 0.6)], ["N"]
    k = 0
    while onsets[-1] < seconds - 1.5:
        normal = rr[k]
        k += 1
        if kinds[-1] == "N" and r.random() < ectopy and len(onsets) > 3:
            if r.random() < 0.6:   # premature ventricular beat, full compensatory pause
                c = r.uniform(0.55, 0.75)
                onsets.append(onsets[-1] + c * normal)
                kinds.append("V")
                onsets.append(onsets[-2] + 2 * normal)
                kinds.append("N")
            else:                  # premature atrial beat, sinus node reset
                c = r.uniform(0.6, 0.8)     # 20-40 % premature (SVPB criterion)
                onsets.append(onsets[-1] + c * normal)
                kinds.append("A")
                onsets.append(onsets[-1] + normal * r.uniform(1.0, 1.1))
                kinds.append("N")
        else:
            onsets.append(onsets[-1] + normal)
            kinds.append("N")
    onsets, kinds = np.array(onsets), np.array(kinds)

    n = int(seconds * fs)
    t = np.arange(n) / fs
    y = np.zeros(n)
    rise = r.uniform(0.09, 0.14)          # upstroke duration
    reflect = r.uniform(0.1, 0.2)         # reflected wave delay after the upstroke
    decay = r.uniform(0.25, 0.4)
    amp = np.where(kinds == "V", r.uniform(0.05, 0.35, kinds.size),
                   np.where(kinds == "A", r.uniform(0.5, 0.8, kinds.size), 1.0))
    after_v = np.r_[False, kinds[:-1] == "V"]
    amp = amp * np.where(after_v, r.uniform(1.2, 1.4), 1.0) * (1 + 0.06 * r.normal(size=kinds.size))
    weak = (kinds == "N") & (r.random(kinds.size) < weak_beats)
    amp[weak] *= r.uniform(0.3, 0.5, weak.sum())
    for j, (t0, a) in enumerate(zip(onsets, amp)):
        i0, i1 = int(t0 * fs), min(n, int((t0 + 1.6) * fs))
        s = t[i0:i1] - t0
        up = np.clip(s / rise, 0, 1)
        wave = 0.5 - 0.5 * np.cos(np.pi * up)                       # upstroke
        wave *= np.exp(-np.clip(s - rise, 0, None) / decay)           # run-off
        d = reflect + 0.006 * r.normal()                             # varies beat to beat
        wave += r.uniform(0.4, 0.7) * np.exp(-((s - rise - d) / 0.07) ** 2)
        wave += 0.2 * np.exp(-((s - rise - 0.3) / 0.06) ** 2)        # dicrotic wave
        y[i0:i1] += a * wave
    y += 0.3 * np.sin(2 * np.pi * r.uniform(0.18, 0.3) * t + r.uniform(0, 6.3))
    y += 0.6 * smooth_noise(r, n, fs, 0.03) + r.uniform(0.005, 0.02) * r.normal(size=n)
    bad = np.zeros(n, bool)
    for _ in range(movements):
        length = r.uniform(3, 8)
        start = r.uniform(5, seconds - length - 5)
        m = (t >= start) & (t < start + length)
        bad |= m
        y[m] += r.uniform(1.5, 4) * smooth_noise(r, int(m.sum()), fs, r.uniform(1.5, 4))
    ppg = np.round(r.uniform(500, 3000) * y * r.choice([-1, 1]) + r.uniform(2e4, 2e5))

    # truth: normal-to-normal intervals (both ends normal, no beat between, away from movement)
    margin = 0.5
    bad_time = lambda x: bad[int(np.clip(x * fs, 0, n - 1))]
    ok_beat = np.array([kinds[j] == "N" and not any(bad_time(onsets[j] + d)
                                                    for d in (-margin, 0, 0.3, margin))
                        for j in range(kinds.size)])
    nn = np.diff(onsets) * 1000
    valid = ok_beat[:-1] & ok_beat[1:]
    pairs = valid[:-1] & valid[1:]
    diffs = np.diff(nn)[pairs]
    truth = {"rmssd": float(np.sqrt(np.mean(diffs ** 2))), "mean_nn": float(nn[valid].mean()),
             "count": int(valid.sum()), "onsets": onsets, "kinds": kinds}
    return ppg, truth


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(r, count, level, fss, seconds, **kw):
    """Grade count records; return one (excess, message) per record out of tolerance."""
    bad = []
    for i in range(count):
        fs = float(r.choice(fss))
        ppg, truth = record(r, fs, r.uniform(*seconds), r.uniform(*level), **kw)
        out = ppg_hrv(ppg, fs)
        assert isinstance(out, dict) and set(out) >= {"ibi_ms", "rmssd_ms"}, "bad result"
        ibi = np.asarray(out["ibi_ms"], dtype=float)
        rmssd = float(out["rmssd_ms"])
        assert ibi.ndim == 1
        assert np.all(np.isfinite(ibi)) and np.isfinite(rmssd), f"record {i}: non-finite output"
        problems = []
        if ibi.size < 0.8 * truth["count"]:
            problems.append(f"only {ibi.size} intervals kept of {truth['count']} normal ones")
        mean = ibi.mean() if ibi.size else float("nan")
        if not abs(mean - truth["mean_nn"]) <= 0.02 * truth["mean_nn"]:
            problems.append(f"mean interval {mean:.0f} ms, true {truth['mean_nn']:.0f} ms "
                            f"(tolerance {0.02 * truth['mean_nn']:.0f} ms)")
        # within 10 %, and never tighter than 1.5 ms (below 15 ms: a beat-timing jitter of
        # about 1.5 ms, excellent for a pulse wave, already adds 10 % to an RMSSD of 8 ms)
        tol = max(0.1 * truth["rmssd"], 1.5)
        if not abs(rmssd - truth["rmssd"]) <= tol:
            problems.append(f"RMSSD {rmssd:.1f} ms, true {truth['rmssd']:.1f} ms "
                            f"(tolerance {tol:.1f} ms)")
        if problems:
            # excess: the largest of the shortfall of kept intervals in units of the 20 % that
            # may be missing, and the mean-interval and RMSSD errors in units of their tolerances
            mean_excess = (abs(mean - truth["mean_nn"]) / (0.02 * truth["mean_nn"]) if ibi.size
                           else float("inf"))
            excess = max((1 - ibi.size / truth["count"]) / 0.2, mean_excess,
                         abs(rmssd - truth["rmssd"]) / tol)
            bad.append((excess, f"record {i} (fs {fs}): " + "; ".join(problems)
                        + f" ({excess:.1f}x tolerance)"))
    return bad


def test_resting_recordings_with_ectopic_beats():
    assert_quota(check(rng(1), 5, (20, 80), [50, 64, 100, 125], (180, 300), ectopy=0.03), 5)


def test_older_people_low_variability():
    assert_quota(check(rng(2), 5, (10, 25), [64, 100, 125], (180, 300), ectopy=0.02), 5)


def test_movements_and_weak_beats():
    """Four records only: stays strict (no record quota)."""
    bad = check(rng(3), 4, (15, 60), [64, 100, 125], (240, 300), ectopy=0.02, movements=3,
                weak_beats=0.02)
    assert not bad, "\n".join(message for _, message in bad)


def test_output_types():
    r = rng(4)
    ppg, truth = record(r, 100.0, 60, 40.0, ectopy=0.0)
    out = ppg_hrv(list(ppg), 100)
    assert isinstance(out["rmssd_ms"], float)
    assert isinstance(out["ibi_ms"], np.ndarray) and out["ibi_ms"].dtype.kind == "f"


@pytest.mark.parametrize("case", ["two_d", "fs", "short"])
def test_invalid_input_raises(case):
    r = rng(5)
    ppg, _ = record(r, 64.0, 40, 30.0)
    if case == "two_d":
        args = (ppg.reshape(-1, 2), 64.0)
    elif case == "fs":
        args = (ppg, 0.0)
    else:
        args = (ppg[: 64 * 15], 64.0)
    with pytest.raises(ValueError):
        ppg_hrv(*args)
