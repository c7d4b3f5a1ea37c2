"""Hidden tests: PVC burden from a single-lead Holter excerpt, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The rhythm is sinus (50-100
bpm, breathing and slow variation) interrupted by ectopic beats as seen on Holter recordings:
premature ventricular complexes (isolated, couplets, interpolated, runs of bigeminy and
trigeminy; wide, no P wave, discordant T wave; one or two foci; in some leads smaller than the
normal QRS) and premature supraventricular beats (normal QRS after an early P wave, sinus
reset). Some patients have bundle branch block (every conducted QRS wide). The lead carries
baseline wander, mains hum, muscle noise and bursts of movement artefact. Truth: ventricular
beats as a percentage of all beats, from the generator's beat list.
"""

import os

import numpy as np
import pytest

from candidate import pvc_burden

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])

def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def gauss(s, centre, width):
    return np.exp(-0.5 * ((s - centre) / width) ** 2)


def rhythm(r, seconds, hr, pvc_rate, pac_rate, pattern_runs=0, interpolated=0.0):
    """Beat times (s) and kinds: 'N' sinus, 'S' supraventricular premature, 'V' ventricular."""
    rr0 = 60.0 / hr
    f_resp, ph = r.uniform(0.18, 0.3), r.uniform(0, 6.3, 2)
    times, kinds = [r.uniform(0.3, 0.9)], ["N"]
    run_kind, run_left = None, 0
    since = 0
    while times[-1] < seconds - 1.2:
        t = times[-1]
        nn = rr0 * (1 + 0.03 * np.sin(2 * np.pi * f_resp * t + ph[0])
                    + 0.06 * np.sin(2 * np.pi * t / 240 + ph[1]) + 0.01 * r.normal())
        since += 1
        if run_left == 0 and pattern_runs and r.random() < pattern_runs * nn / seconds:
            run_kind, run_left = (2 if r.random() < 0.6 else 3), int(r.uniform(20, 80))
        ectopic = None
        if kinds[-1] == "N":
            if run_left > 0:
                run_left -= 1
                if since >= run_kind - 1 + (kinds[-1] != "N"):
                    ectopic = "V"
            elif r.random() < pvc_rate:
                ectopic = "V"
            elif r.random() < pac_rate:
                ectopic = "S"
        if ectopic == "V":
            c = r.uniform(0.5, 0.72)
            times.append(t + max(c * nn, 0.42))
            kinds.append("V")
            since = 0
            if r.random() < 0.08:               # a couplet
                times.append(times[-1] + max(r.uniform(0.45, 0.6) * nn, 0.42))
                kinds.append("V")
                times.append(t + r.uniform(2.3, 2.6) * nn)
            elif r.random() < interpolated and nn > 0.85:
                times.append(t + nn * r.uniform(1.03, 1.1))   # interpolated: no pause
            else:
                times.append(t + 2 * nn)                      # full compensatory pause
            kinds.append("N")
        elif ectopic == "S":
            times.append(t + r.uniform(0.6, 0.82) * nn)
            kinds.append("S")
            times.append(times[-1] + nn * r.uniform(1.0, 1.1))  # sinus node reset
            kinds.append("N")
            since = 0
        else:
            times.append(t + nn)
            kinds.append("N")
    return np.array(times), np.array(kinds)


def holter(r, fs, seconds, pvc_rate=0.05, pac_rate=0.03, pattern_runs=0, bbb=False,
           small_pvc=False, multiform=False, artefacts=0, interpolated=0.2):
    """Return (ecg in mV, true PVC burden in percent, kinds)."""
    hr = r.uniform(55, 100)
    times, kinds = rhythm(r, seconds, hr, pvc_rate, pac_rate, pattern_runs, interpolated)
    n = int(seconds * fs)
    t = np.arange(n) / fs
    y = np.zeros(n)
    r_amp = r.uniform(0.6, 2.0) * r.choice([-1.0, 1.0], p=[0.25, 0.75])
    a = abs(r_amp)
    p_amp, t_amp = a * r.uniform(0.08, 0.2), a * r.uniform(0.12, 0.3)
    t_sign = np.sign(r_amp) if r.random() < 0.85 else -np.sign(r_amp)
    qrs_w = r.uniform(0.009, 0.012)
    # ventricular morphologies (one, or two for multiform ectopy)
    forms = []
    for _ in range(2 if multiform else 1):
        size = a * (r.uniform(0.35, 0.7) if small_pvc else r.uniform(0.8, 2.5))
        forms.append(dict(amp=size * r.choice([-1.0, 1.0]), w=r.uniform(0.028, 0.045),
                          second=r.uniform(0.2, 0.6), lag=r.uniform(0.05, 0.08),
                          t=r.uniform(0.25, 0.45)))
    for tb, kind in zip(times, kinds):
        lo, hi = np.searchsorted(t, [tb - 0.3, tb + 0.6])
        s = t[lo:hi] - tb
        if kind == "V":
            f = forms[int(r.integers(len(forms)))]
            y[lo:hi] += f["amp"] * (gauss(s, 0.0, f["w"]) - f["second"] * gauss(s, f["lag"], 0.03))
            y[lo:hi] -= f["t"] * f["amp"] * gauss(s, 0.3, 0.07)          # discordant T wave
            continue
        if kind == "S":   # premature P wave, different shape, often on the T wave
            y[lo:hi] += p_amp * r.uniform(-0.8, 1.2) * gauss(s, -0.14, 0.03)
        else:
            y[lo:hi] += p_amp * gauss(s, -0.16, 0.025)
        amp = r_amp * (1 + 0.05 * r.normal())
        qrs = gauss(s, 0.0, qrs_w) - 0.12 * gauss(s, -0.024, 0.009) - 0.25 * gauss(s, 0.027, 0.011)
        if bbb:   # bundle branch block: a late second deflection widens every conducted QRS
            qrs += 0.6 * gauss(s, 0.06, 0.018)
        y[lo:hi] += amp * qrs + t_sign * t_amp * gauss(s, 0.28 + (0.04 if bbb else 0), 0.055)
    # recording: wander, mains, muscle noise
    y += r.uniform(0.1, 0.5) * np.sin(2 * np.pi * r.uniform(0.15, 0.4) * t + r.uniform(0, 6.3))
    y += 0.15 * smooth_noise(r, n, fs, 0.1)
    y += r.uniform(0.005, 0.05) * np.sin(2 * np.pi * r.choice([50.0, 60.0]) * t)
    y += r.uniform(0.01, 0.04) * a * r.normal(size=n)
    for _ in range(artefacts):   # motion: bursts of large, irregular deflections
        length = r.uniform(2, 6)
        start = r.uniform(5, seconds - length - 5)
        m = (t >= start) & (t < start + length)
        y[m] += r.uniform(0.5, 1.5) * a * smooth_noise(r, int(m.sum()), fs, r.uniform(3, 10))
    burden = 100.0 * np.mean(kinds == "V")
    return y, burden, kinds


FS_CHOICES = [128, 200, 250, 256, 360, 500]


def check(r, records, tol=2.0):
    """records: list of keyword dicts for holter(); every record within tol points."""
    for i, kw in enumerate(records):
        fs = float(r.choice(FS_CHOICES))
        ecg, truth, _ = holter(r, fs, r.uniform(180, 300), **kw)
        got = pvc_burden(ecg, fs)
        assert isinstance(got, (float, np.floating)), f"record {i}: returned {type(got)}"
        assert abs(float(got) - truth) <= tol, (
            f"record {i}: burden {float(got):.1f} %, true {truth:.1f} % (fs {fs}, {kw})")


def test_isolated_ectopic_beats():
    r = rng(1)
    check(r, [dict(pvc_rate=r.uniform(0.01, 0.15), pac_rate=r.uniform(0.02, 0.08),
                   artefacts=int(r.integers(0, 3))) for _ in range(5)])


def test_bigeminy_and_trigeminy_runs():
    r = rng(2)
    check(r, [dict(pvc_rate=r.uniform(0.0, 0.04), pattern_runs=r.uniform(3, 8),
                   artefacts=int(r.integers(0, 2))) for _ in range(4)])


def test_supraventricular_ectopy_and_bundle_branch_block_are_not_ventricular():
    r = rng(3)
    check(r, [dict(pvc_rate=0.0, pac_rate=r.uniform(0.05, 0.15), bbb=i % 2 == 0,
                   artefacts=int(r.integers(0, 3))) for i in range(4)])


def test_ventricular_beats_small_in_this_lead():
    r = rng(4)
    check(r, [dict(small_pvc=True, pvc_rate=r.uniform(0.05, 0.2), pac_rate=0.02,
                   interpolated=0.0, artefacts=int(r.integers(2, 5))) for _ in range(4)])


def test_multiform_ectopy_with_movement_artefacts():
    r = rng(5)
    check(r, [dict(multiform=True, pvc_rate=r.uniform(0.05, 0.15), bbb=i % 2 == 1,
                   artefacts=int(r.integers(3, 7))) for i in range(4)])


def test_result_type_and_list_input():
    r = rng(6)
    ecg, truth, _ = holter(r, 250.0, 90, pvc_rate=0.0, pac_rate=0.0)
    got = pvc_burden(list(ecg), 250)
    assert isinstance(got, float) and 0.0 <= got <= 2.0


@pytest.mark.parametrize("case", ["two_d", "fs", "short"])
def test_invalid_input_raises(case):
    r = rng(7)
    ecg, _, _ = holter(r, 250.0, 70)
    args = {"two_d": (ecg.reshape(-1, 2), 250.0), "fs": (ecg, 0.0),
            "short": (ecg[: 250 * 40], 250.0)}[case]
    with pytest.raises(ValueError):
        pvc_burden(*args)
