"""Hidden tests: beats and heart rate from the single-lead ECG of pacemaker patients.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The rhythm is built beat
by beat: a single-chamber (ventricular) or dual-chamber pacemaker paces at its lower rate, the
patient's own rhythm takes over for runs of beats (the pacemaker is then inhibited), premature
ventricular beats reset the pacing timer, and in some records the ventricular pulse
intermittently fails to capture (a spike with no QRS after it, the next pulse one pacing
interval later). Pacing pulses are 0.4-1 ms wide, large (unipolar) or small (bipolar), of either
polarity, with a small recharge tail; they reach the samples through the recorder's analogue
front end (a first-order low-pass) and point sampling, so their sampled size varies from pulse
to pulse. Paced QRS complexes are wide with a discordant T wave; intrinsic ones are narrow.
Baseline wander, mains hum, muscle noise and white noise are added. Truth: the time of every
ventricular depolarisation and the interval from 50 ms before its QRS onset to 40 ms after its
end within which a report counts.
"""

import os

import numpy as np
import pytest

from candidate import paced_heart_rate

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def gauss(t, centre, width):
    return np.exp(-0.5 * ((t - centre) / width) ** 2)


def rhythm(r, seconds, dual, capture_loss, intrinsic_share):
    """Events: list of (time, kind) with kind in 'P' paced beat, 'L' spike without capture,
    'N' intrinsic narrow beat, 'V' premature ventricular beat."""
    pace_rr = 60.0 / r.uniform(50, 80)
    events = []
    t = r.uniform(0.4, 1.0)
    mode = "paced"
    while t < seconds - 0.6:
        if mode == "paced":
            if r.random() < capture_loss:
                events.append((t, "L"))
            elif r.random() < 0.04:
                # a premature ventricular beat before the pacing pulse was due: resets the timer
                t -= pace_rr * r.uniform(0.3, 0.45)
                events.append((t, "V"))
            else:
                events.append((t, "P"))
            if r.random() < intrinsic_share / 8:
                mode = "intrinsic"
                own = pace_rr / r.uniform(1.08, 1.35)
                run_left = r.integers(4, 14)
            t += pace_rr
        else:
            events.append((t, "N"))
            run_left -= 1
            if run_left <= 0:
                mode = "paced"
                t += pace_rr
            else:
                t += own * (1 + r.normal(0, 0.02))
    return events, pace_rr


def record(r, fs, seconds, dual=False, capture_loss=0.0, intrinsic_share=0.5):
    """Return (ECG in mV, beats (n, 3): time, window start, window end)."""
    events, _pace_rr = rhythm(r, seconds, dual, capture_loss, intrinsic_share)
    n = int(seconds * fs)
    t = np.arange(n) / fs
    y = np.zeros(n)
    sign = r.choice([-1.0, 1.0])
    paced_amp = r.uniform(0.8, 2.2)
    narrow_amp = r.uniform(0.6, 1.6) * r.choice([-1.0, 1.0], p=[0.25, 0.75])
    pvc_amp = r.uniform(1.0, 2.5) * r.choice([-1.0, 1.0])
    qrs_w = r.uniform(0.14, 0.19)
    unipolar = r.random() < 0.6
    spike_amp = r.uniform(8, 30) if unipolar else r.uniform(1.0, 5.0)
    spike_sign = r.choice([-1.0, 1.0])
    tau_fe = r.uniform(0.4e-3, 1.5e-3)      # analogue front end time constant
    av_delay = r.uniform(0.12, 0.2)
    latency = r.uniform(0.005, 0.02)

    def spike(ts):
        w = r.uniform(0.4e-3, 1.0e-3)
        a = spike_sign * spike_amp * r.uniform(0.85, 1.15)
        lo, hi = np.searchsorted(t, [ts - 0.002, ts + 0.12])
        s = t[lo:hi] - ts
        during = a * (1 - np.exp(-np.clip(s, 0, w) / tau_fe))
        after = a * (1 - np.exp(-w / tau_fe)) * np.exp(-np.clip(s - w, 0, None) / tau_fe)
        pulse = np.where(s < 0, 0.0, np.where(s <= w, during, after))
        tau_tail = r.uniform(4e-3, 12e-3)
        tail = -r.uniform(0.03, 0.1) * a * w / tau_tail * np.exp(-np.clip(s - w, 0, None) / tau_tail)
        y[lo:hi] += pulse + np.where(s > w, tail, 0.0)

    def wave(centre, parts):
        lo, hi = np.searchsorted(t, [centre - 0.35, centre + 0.7])
        s = t[lo:hi] - centre
        for amp, mu, sd in parts:
            y[lo:hi] += amp * gauss(s, mu, sd)

    beats = []
    p_amp = r.uniform(0.08, 0.2)
    for tb, kind in events:
        if kind in ("P", "L"):
            if dual:
                spike(tb - av_delay)
                wave(tb - av_delay + 0.04, [(p_amp, 0.0, 0.025)])
            spike(tb)
            if kind == "P":
                onset = tb + latency
                a = sign * paced_amp
                wave(onset, [(a, 0.3 * qrs_w, 0.17 * qrs_w), (-0.7 * a, 0.68 * qrs_w, 0.16 * qrs_w),
                             (-0.35 * a, qrs_w + 0.17, 0.07)])
                beats.append((onset, onset - 0.05, onset + qrs_w + 0.04))
        elif kind == "N":
            onset = tb - 0.04
            a = narrow_amp
            wave(tb, [(p_amp, -0.16, 0.025), (a, 0.0, 0.011), (-0.12 * a, -0.024, 0.01),
                      (-0.25 * a, 0.027, 0.012), (0.25 * abs(a), 0.26, 0.05)])
            beats.append((onset, onset - 0.05, onset + 0.09 + 0.04))
        else:  # premature ventricular beat
            onset = tb
            a = pvc_amp
            wave(tb + 0.05, [(a, 0.0, 0.03), (-0.4 * a, 0.06, 0.025), (-0.35 * a, 0.3, 0.07)])
            beats.append((onset, onset - 0.05, onset + 0.15 + 0.04))
    y += r.uniform(0.1, 0.5) * np.sin(2 * np.pi * r.uniform(0.15, 0.4) * t + r.uniform(0, 6.3))
    y += r.uniform(0.05, 0.2) * smooth_noise(r, n, fs, 0.1)
    y += r.uniform(0.005, 0.05) * np.sin(2 * np.pi * r.choice([50.0, 60.0]) * t + r.uniform(0, 6.3))
    y += r.uniform(0.005, 0.03) * r.normal(size=n)
    # muscle noise bursts
    emg = smooth_noise(r, n, fs, 60.0) * r.uniform(0.01, 0.04)
    gate = smooth_noise(r, n, fs, 0.3) > 1.0
    y += emg * gate
    return y, np.array(beats)


def window_ranges(beats, seconds, slack=0.25):
    """Per complete 10 s window, the range of the mean heart rate over the intervals whose
    second beat falls in the window, allowing beats within `slack` s of a window edge to fall on
    either side of it."""
    times = beats[:, 0]
    out = []
    for k in range(int(seconds // 10)):
        lo, hi = 10.0 * k, 10.0 * k + 10.0
        iv = np.diff(times)
        ends = times[1:]
        sure = (ends >= lo + slack) & (ends < hi - slack)
        maybe = np.flatnonzero((np.abs(ends - lo) < slack) | (np.abs(ends - hi) < slack))
        values = []
        for mask in range(1 << len(maybe)):
            pick = sure.copy()
            for j, idx in enumerate(maybe):
                if mask >> j & 1:
                    pick[idx] = True
            if pick.any():
                values.append(60.0 / iv[pick].mean())
        out.append((min(values), max(values)) if values else (np.nan, np.nan))
    return out


def match(reported, beats):
    """Greedy one-to-one matching; returns (missed, false)."""
    used = np.zeros(len(reported), bool)
    missed = 0
    for _onset, lo, hi in beats:
        cand = np.flatnonzero(~used & (reported >= lo) & (reported <= hi))
        if cand.size:
            used[cand[0]] = True
        else:
            missed += 1
    return missed, int((~used).sum())


def check(r, count, fss, seconds, **kw):
    for i in range(count):
        fs = float(r.choice(fss))
        dur = float(r.uniform(*seconds))
        ecg, beats = record(r, fs, dur, **kw)
        out = paced_heart_rate(ecg, fs)
        assert isinstance(out, dict), f"record {i}: expected a dict"
        times = np.asarray(out["beat_times_s"], dtype=float)
        assert times.ndim == 1 and np.all(np.diff(times) > 0), f"record {i}: times not ascending"
        assert int(out["n_beats"]) == times.size, f"record {i}: n_beats != len(beat_times_s)"
        missed, false = match(times, beats)
        assert missed <= 1 and false <= 1, (
            f"record {i} (fs {fs}, {kw}): {missed} beats missed, {false} false beats "
            f"of {len(beats)}")
        hr = np.asarray(out["hr_bpm"], dtype=float)
        ranges = window_ranges(beats, len(ecg) / fs)
        assert hr.shape == (len(ranges),), f"record {i}: {hr.shape[0]} windows, expected {len(ranges)}"
        for k, (low, high) in enumerate(ranges):
            assert low - 2.0 <= hr[k] <= high + 2.0, (
                f"record {i} (fs {fs}, {kw}) window {k}: {hr[k]:.1f} bpm, true {low:.1f}-{high:.1f}")


def test_single_chamber_pacing_with_own_beats():
    check(rng(1), 4, [250, 360, 500, 1000], (40, 90))


def test_intermittent_loss_of_capture():
    check(rng(2), 4, [250, 500, 1000], (40, 90), capture_loss=0.12, intrinsic_share=0.3)


def test_dual_chamber_pacing():
    check(rng(3), 4, [250, 500, 1000], (40, 90), dual=True, capture_loss=0.05)


def test_result_form_and_short_input():
    r = rng(4)
    ecg, _ = record(r, 500.0, 35.0)
    out = paced_heart_rate(list(ecg), 500)
    assert isinstance(out["n_beats"], (int, np.integer)) and not isinstance(out["n_beats"], bool)
    assert len(out["hr_bpm"]) == 3
    short = paced_heart_rate(ecg[: 500 * 8], 500.0)
    assert len(short["hr_bpm"]) == 0


@pytest.mark.parametrize("case", ["two_d", "fs_zero", "fs_negative"])
def test_invalid_input_raises(case):
    ecg = np.zeros(5000)
    args = {"two_d": (ecg.reshape(-1, 2), 500.0), "fs_zero": (ecg, 0.0),
            "fs_negative": (ecg, -250.0)}[case]
    with pytest.raises(ValueError):
        paced_heart_rate(*args)
