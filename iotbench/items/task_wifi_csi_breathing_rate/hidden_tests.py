"""Hidden tests: breathing rate of a still person from WiFi CSI amplitudes, graded on the outcome.

Each record simulates a WiFi link in a furnished room: a static multipath channel (a handful of
paths with realistic delays), plus the reflection off the chest of a person sitting or lying
still, whose path length follows a natural breathing waveform (faster inhale, slower exhale with a
pause, slowly drifting rate, breath-to-breath depth changes); in one test the person also
shifts posture a few times (seconds of torso and limb motion that leave the chest reflection at a
new path length and strength). The receiver reports per-subcarrier
CSI amplitudes with thermal noise, a receiver AGC that switches the gain of whole packets between
levels every few seconds, occasional corrupted packets, and packet timestamps driven by traffic:
the packet rate changes from segment to segment, arrivals are jittered and there are gaps.
"""

import os

import numpy as np
import pytest

from candidate import breathing_rate

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
C = 3.0e8


def rng(stream):
    return np.random.default_rng([SEED, stream])


def packet_times(r, duration):
    """Irregular packet timestamps (s): traffic segments of different rates, jitter and gaps."""
    out, pos = [], 0.0
    while pos < duration:
        seg = r.uniform(3.0, 15.0)
        rate = float(np.exp(r.uniform(np.log(8.0), np.log(150.0))))
        if r.random() < 0.5:  # periodic pings with jitter
            ts = np.arange(pos, pos + seg, 1.0 / rate)
            ts = ts + r.normal(0, 0.15 / rate, ts.size)
        else:  # bursty traffic: Poisson arrivals
            ts = pos + np.sort(r.uniform(0, seg, r.poisson(seg * rate)))
        out.append(ts)
        pos += seg
        if r.random() < 0.2:
            pos += r.uniform(0.4, 2.5)  # nothing received for a moment
    ts = np.sort(np.concatenate(out))
    ts = ts[(ts >= 0) & (ts < duration)]
    keep = np.concatenate([[True], np.diff(ts) > 2e-4])  # a receiver never stamps two at once
    return ts[keep]


def breathing_displacement(r, t, rate_bpm):
    """Chest displacement (m) at times t for a mean breathing rate in breaths/min."""
    f0 = rate_bpm / 60.0
    # the rate drifts a little around its mean (the mean over the record is what is reported)
    wander = 0.025 * np.sin(2 * np.pi * t / r.uniform(25, 60) + r.uniform(0, 6.3))
    wander -= wander.mean()
    phase = f0 * (t + np.concatenate([[0.0], np.cumsum(np.diff(t) * wander[1:])]))
    phase += r.uniform(0, 1)
    cycle = np.floor(phase).astype(int)
    u = phase - cycle
    p_in = r.uniform(0.3, 0.45)          # inhale fraction of the cycle
    p_ex = r.uniform(0.4, 1.0 - p_in)    # exhale fraction; the rest is the end-expiratory pause
    shape = np.where(u < p_in, 0.5 - 0.5 * np.cos(np.pi * u / p_in),
                     np.where(u < p_in + p_ex, 0.5 + 0.5 * np.cos(np.pi * (u - p_in) / p_ex), 0.0))
    depth = r.uniform(4e-3, 10e-3)      # peak-to-peak chest movement along the reflection
    per_breath = 1.0 + 0.2 * r.standard_normal(cycle.max() - cycle.min() + 1)
    return depth * shape * per_breath[cycle - cycle.min()]


def agc_gain_db(r, t):
    """Receiver gain (dB) per packet: switches between levels at random moments."""
    duration = t[-1] - t[0] + 1.0
    dwell = r.uniform(2.0, 8.0)
    n_switch = max(3, r.poisson(duration / dwell))
    switch_times = np.sort(r.uniform(t[0], t[-1], n_switch))
    levels = np.round(r.uniform(-2.5, 2.5, n_switch + 1) * 2) / 2  # 0.5 dB steps
    return levels[np.searchsorted(switch_times, t)]


def posture_shifts(r, t, n_shifts):
    """Body motion of a few seconds each: returns (chest path offset (m), limb path length (m),
    limb presence 0..1, chest reflection gain factor), all per packet."""
    offset = np.zeros_like(t)
    limb = np.zeros_like(t)
    presence = np.zeros_like(t)
    gain = np.ones_like(t)
    span = t[-1] - t[0]
    starts = t[0] + span * (np.arange(n_shifts) + r.uniform(0.15, 0.85, n_shifts)) / max(n_shifts, 1)
    for start in starts:
        dur = r.uniform(2.0, 6.0)
        u = np.clip((t - start) / dur, 0, 1)
        inside = (t > start) & (t < start + dur)
        offset += r.choice([-1, 1]) * r.uniform(0.02, 0.10) * (0.5 - 0.5 * np.cos(np.pi * u))
        hann = np.where(inside, 0.5 - 0.5 * np.cos(2 * np.pi * u), 0.0)
        for _ in range(3):  # irregular fidgeting of the torso
            offset += hann * r.uniform(0.005, 0.03) * np.sin(2 * np.pi * r.uniform(0.3, 2.0) * t
                                                            + r.uniform(0, 6.3))
        limb += hann * r.uniform(0.1, 0.4) * np.sin(2 * np.pi * r.uniform(0.3, 1.5) * (t - start))
        presence = np.maximum(presence, hann)
        gain = np.where(t >= start + dur / 2, gain * r.uniform(0.6, 1.5), gain)
    return offset, limb, presence, gain


def csi_record(r, duration, rate_bpm, n_sub, fc, n_shifts=0):
    """Return (amplitude (n_sub, n_packets), timestamps (n_packets,))."""
    t = packet_times(r, duration)
    bandwidth = {30: 20e6, 56: 20e6, 114: 40e6}[n_sub]
    freqs = fc + np.linspace(-0.45, 0.45, n_sub) * bandwidth
    # static multipath: line of sight plus reflections with decaying power
    n_paths = 7
    delays = np.concatenate([[r.uniform(3, 8) / C], r.uniform(10, 60, n_paths - 1) / C])
    gains = np.exp(-np.arange(n_paths) * r.uniform(0.2, 0.5)) * r.uniform(0.5, 1.0, n_paths)
    gains = gains * np.exp(1j * r.uniform(0, 2 * np.pi, n_paths))
    h_static = (gains[None, :] * np.exp(-2j * np.pi * freqs[:, None] * delays[None, :])).sum(1)
    level = np.sqrt(np.mean(np.abs(h_static) ** 2))
    # the chest reflection: its path length changes by twice the chest displacement
    tau_d = r.uniform(4, 12) / C
    a_d = r.uniform(0.1, 0.3) * level
    x = breathing_displacement(r, t, rate_bpm)
    offset, limb, presence, gain = posture_shifts(r, t, n_shifts)
    theta = -2 * np.pi * freqs[:, None] * (tau_d + 2 * (x + offset)[None, :] / C)
    h = h_static[:, None] + (a_d * gain)[None, :] * np.exp(1j * (theta + r.uniform(0, 6.3)))
    if n_shifts:
        tau_l = r.uniform(4, 12) / C
        a_l = r.uniform(0.2, 0.5) * level
        h = h + (a_l * presence)[None, :] * np.exp(
            -2j * np.pi * freqs[:, None] * (tau_l + 2 * limb[None, :] / C))
    snr_db = r.uniform(24, 34)
    sigma = level * 10 ** (-snr_db / 20) / np.sqrt(2)
    h = h + sigma * (r.standard_normal(h.shape) + 1j * r.standard_normal(h.shape))
    amp = np.abs(h) * 10 ** (agc_gain_db(r, t) / 20)[None, :]
    amp *= r.uniform(20, 60) / level  # arbitrary receiver scaling
    bad = r.random(t.size) < r.uniform(0.003, 0.01)  # corrupted packets
    amp[:, bad] *= r.uniform(0.2, 3.0, bad.sum())[None, :] * r.uniform(0.7, 1.3, (n_sub, bad.sum()))
    t0 = r.uniform(0, 5000)  # the receiver's clock does not start at zero
    return amp.astype(np.float64), t + t0


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check_records(stream, count, rate_range, durations, n_subs, bands, tol, shifts=(0, 0)):
    r = rng(stream)
    errors, bad = [], []
    for i in range(count):
        truth = r.uniform(*rate_range)
        n_sub = int(r.choice(n_subs))
        fc = float(r.choice(bands))
        amp, ts = csi_record(r, r.uniform(*durations), truth, n_sub, fc,
                             int(r.integers(shifts[0], shifts[1] + 1)))
        est = float(breathing_rate(amp, ts))
        assert np.isfinite(est), f"record {i}: estimate {est} is not finite"
        errors.append(abs(est - truth))
        if abs(est - truth) > tol:
            excess = abs(est - truth) / tol  # rate error in units of the tolerance
            bad.append((excess, f"record {i}: estimated {est:.2f} breaths/min, true {truth:.2f}, "
                                f"tolerance {tol} ({n_sub} subcarriers, {amp.shape[1]} packets "
                                f"over {ts[-1] - ts[0]:.0f} s; {excess:.1f}x tolerance)"))
    return errors, bad


def test_resting_adults_5ghz():
    errors, bad = check_records(1, 6, (10, 24), (60, 120), (30, 56, 114),
                                (5.18e9, 5.5e9, 5.8e9), 1.0)
    assert np.mean(errors) <= 0.5, f"mean error {np.mean(errors):.2f} breaths/min"
    assert_quota(bad, 6)


def test_slow_and_fast_breathing():
    _errors, bad = check_records(2, 6, (6, 35), (60, 120), (30, 56), (5.18e9, 5.8e9), 1.0)
    assert_quota(bad, 6)


def test_2_4ghz_links():
    _errors, bad = check_records(3, 5, (8, 30), (60, 120), (30, 56),
                                 (2.412e9, 2.437e9, 2.462e9), 1.0)
    assert_quota(bad, 5)


def test_occasional_posture_shifts():
    _errors, bad = check_records(6, 6, (8, 30), (90, 150), (30, 56, 114),
                                 (2.437e9, 5.18e9, 5.8e9), 1.0, shifts=(1, 3))
    assert_quota(bad, 6)


def test_returns_float():
    r = rng(4)
    amp, ts = csi_record(r, 60, 15.0, 30, 5.5e9)
    value = breathing_rate(amp, ts)
    assert isinstance(value, (float, np.floating))


@pytest.mark.parametrize("case", ["1d", "length", "order"])
def test_invalid_input_raises(case):
    r = rng(5)
    amp, ts = csi_record(r, 40, 15.0, 30, 5.5e9)
    if case == "1d":
        args = (amp[0], ts)
    elif case == "length":
        args = (amp, ts[:-5])
    else:
        ts = ts.copy()
        ts[10], ts[11] = ts[11], ts[10]
        args = (amp, ts)
    with pytest.raises(ValueError):
        breathing_rate(*args)
