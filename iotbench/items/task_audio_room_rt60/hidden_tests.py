"""Hidden tests: reverberation time from realistic measured room impulse responses.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record is a fixed-length
window of a 24-bit MEMS microphone: background noise, then (after a pre-delay) a band-limited
direct sound, a few early reflections and a diffuse tail whose envelope decays exponentially at
the room's reverberation time; the whole record is high-passed by the microphone, the room's
background noise (broadband hiss, low-frequency rumble, mains hum) sits at 35-70 dB below the
start of the reverberant decay, and the ADC adds a DC offset and 24-bit quantisation. In live
rooms the window may end before the decay reaches the noise.
"""

import os

import numpy as np
import pytest
from scipy.signal import lfilter

from candidate import reverberation_time

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def wavelet(fs, width_s):
    """A short zero-mean pulse (second derivative of a Gaussian) of unit energy."""
    half = int(4 * width_s * fs) + 1
    u = np.arange(-half, half + 1) / fs / width_s
    w = (1 - u * u) * np.exp(-u * u / 2)
    return w / np.sqrt(np.sum(w * w))


def room_response(r, rt60, fs, window_s, pre_s, decay_range_db, drr_db):
    """One recorded impulse response (float64, full scale +-1)."""
    n = int(window_s * fs)
    i0 = int(pre_s * fs)
    tt = (np.arange(n) - i0) / fs
    k = 3 * np.log(10) / rt60  # amplitude decay rate: -60 dB in rt60 seconds
    first = r.uniform(0.002, 0.012)
    rise = r.uniform(0.005, 0.03)
    ramp = np.clip((tt - first) / rise, 0, 1)
    env = ramp * np.exp(-k * np.maximum(tt, 0))
    h = r.normal(size=n) * env
    diffuse_energy = np.sum(env * env)
    # band-limited direct sound and early specular reflections
    pulse = wavelet(fs, r.uniform(8e-5, 3e-4))
    spikes = np.zeros(n)
    spikes[i0] = np.sqrt(diffuse_energy * 10 ** (drr_db / 10))
    for _ in range(r.integers(4, 12)):
        d = r.uniform(first, 0.06)
        j = i0 + int(d * fs)
        if j < n:
            spikes[j] += r.choice([-1, 1]) * spikes[i0] * r.uniform(0.15, 0.5) * np.exp(-k * d)
    h += np.convolve(spikes, pulse, mode="same")
    # background noise relative to the start of the reverberant decay: the diffuse envelope's
    # peak, reached after the build-up (which in a dead room already decays by several dB)
    noise_power = np.max(env) ** 2 * 10 ** (-decay_range_db / 10)
    white = r.normal(size=n)
    a = np.exp(-2 * np.pi * r.uniform(80, 300) / fs)
    rumble = lfilter([1 - a], [1, -a], r.normal(size=n))
    rumble *= 1 / np.std(rumble)
    mains = r.choice([50.0, 60.0])
    t = np.arange(n) / fs
    hum = np.sqrt(2) * np.sin(2 * np.pi * mains * t + r.uniform(0, 6.3))
    hum += 0.5 * np.sqrt(2) * np.sin(2 * np.pi * 3 * mains * t + r.uniform(0, 6.3))
    mix = r.dirichlet([2, 2, 1])
    noise = np.sqrt(noise_power) * (np.sqrt(mix[0]) * white + np.sqrt(mix[1]) * rumble
                                    + np.sqrt(mix[2] / 1.25) * hum)
    x = h + noise
    # MEMS microphone: first-order high-pass (low-frequency roll-off) on the acoustic signal
    fc = r.uniform(30, 100)
    b = np.exp(-2 * np.pi * fc / fs)
    x = lfilter([(1 + b) / 2, -(1 + b) / 2], [1, -b], x)
    x *= r.uniform(0.2, 0.8) / np.max(np.abs(x))
    x += r.uniform(0.001, 0.01) * r.choice([-1, 1])  # ADC offset
    return np.round(x * 2 ** 23) / 2 ** 23


def draw_rt60(r, low, high):
    return float(np.exp(r.uniform(np.log(low), np.log(high))))


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records):
    """Relative errors of all records, and one problem (excess, message) per record beyond
    10 %; excess = relative error / 10 %."""
    errors, bad = [], []
    for i, (rir, fs, truth, info) in enumerate(records):
        value = float(reverberation_time(rir, fs))
        assert np.isfinite(value), f"record {i}: RT60 {value}"
        err = abs(value - truth) / truth
        errors.append(err)
        if not err <= 0.10:
            excess = err / 0.10
            bad.append((excess, f"record {i}: RT60 {value:.3f} s, true {truth:.3f} s, tolerance "
                                f"10 % ({excess:.1f}x tolerance; {info})"))
    return errors, bad


def test_rooms_whose_decay_sinks_into_background_noise():
    r = rng(1)
    records = []
    for i in range(8):
        fs = float(r.choice([16000, 32000, 44100, 48000]))
        rt60 = draw_rt60(r, 0.2, 2.5) if i else draw_rt60(r, 0.2, 0.5)
        dr = r.uniform(35, 50)
        pre = r.uniform(0.003, 0.15)
        to_noise = rt60 * dr / 60
        window = float(np.clip(pre + to_noise * r.uniform(1.5, 3.0), r.uniform(1.0, 2.0), 5.0))
        drr = r.uniform(-8, 2)
        rir = room_response(r, rt60, fs, window, pre, dr, drr)
        records.append((rir, fs, rt60, f"fs {fs:.0f}, noise {dr:.0f} dB, window {window:.2f} s"))
    assert_quota(check(records)[1], len(records))


def test_live_rooms_whose_window_ends_during_the_decay():
    r = rng(2)
    records = []
    for _ in range(6):
        fs = float(r.choice([16000, 44100, 48000]))
        rt60 = draw_rt60(r, 1.0, 2.5)
        pre = r.uniform(0.003, 0.1)
        decay_at_end = r.uniform(28, 36)
        window = pre + rt60 * decay_at_end / 60
        rir = room_response(r, rt60, fs, window, pre, r.uniform(65, 75), r.uniform(-8, 2))
        records.append((rir, fs, rt60,
                        f"fs {fs:.0f}, window ends {decay_at_end:.0f} dB into the decay"))
    assert_quota(check(records)[1], len(records))


def test_quiet_rooms_over_the_whole_range():
    r = rng(3)
    records = []
    for i in range(8):
        fs = float(r.choice([16000, 32000, 48000]))
        rt60 = float(np.exp(np.log(0.2) + (i + r.uniform(0, 1)) / 8 * np.log(2.5 / 0.2)))
        dr = r.uniform(50, 65)
        pre = r.uniform(0.003, 0.2)
        window = max(pre + rt60 * dr / 60 * r.uniform(1.1, 1.6), 0.5)
        rir = room_response(r, rt60, fs, window, pre, dr, r.uniform(-8, 2))
        records.append((rir, fs, rt60, f"fs {fs:.0f}, noise {dr:.0f} dB"))
    errors, bad = check(records)
    assert np.mean(errors) <= 0.05, f"mean relative error {np.mean(errors):.3f}"
    assert_quota(bad, len(records))


def test_returns_float_in_seconds():
    r = rng(4)
    rir = room_response(r, 0.6, 16000.0, 1.0, 0.02, 55, -3)
    value = reverberation_time(rir.tolist(), 16000.0)
    assert isinstance(value, float)
    assert abs(value - 0.6) <= 0.06


@pytest.mark.parametrize("rir, fs", [(np.zeros((4000, 2)), 16000.0), (np.zeros(4000), 0.0),
                                     (np.zeros(4000), -16000.0), (np.zeros(800), 16000.0)])
def test_invalid_input_raises(rir, fs):
    with pytest.raises(ValueError):
        reverberation_time(rir, fs)
