"""Hidden tests: A-weighted equivalent continuous sound level (LAeq) of raw I2S recordings from
the digital MEMS microphones of IoT noise monitors.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Scenes are built from
spectrally shaped noise, tones and chirps: street traffic whose level rises and falls by
15-25 dB as vehicles pass (with horns), a park with birdsong at 3-7 kHz and wind rumble below
30 Hz, a workshop with mains hum, compressed-air hiss and alarm beeps, a quiet room with
ventilation rumble. The microphone (datasheet sensitivity -38 to -26 dBFS; dBFS per AES17, so
a full-scale sine is 0 dBFS and the 94 dB SPL tone's *peak* is at the sensitivity below full
scale) adds a DC offset and 24-bit quantisation; its samples arrive left-justified in 32-bit I2S
words. The truth is computed from the pressure the final words represent, with the IEC 61672
A-weighting magnitude applied exactly in the frequency domain (energy over the whole record,
re 20 uPa).
"""

import os

import numpy as np
import pytest

from candidate import laeq

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
P0 = 20e-6


def rng(stream):
    return np.random.default_rng([SEED, stream])


def a_weight_db(f):
    f = np.asarray(f, dtype=float)
    f2 = f * f
    ra = (12194.217 ** 2 * f2 * f2) / ((f2 + 20.598997 ** 2)
                                       * np.sqrt((f2 + 107.65265 ** 2) * (f2 + 737.86223 ** 2))
                                       * (f2 + 12194.217 ** 2))
    with np.errstate(divide="ignore"):
        return 20 * np.log10(np.maximum(ra, 1e-300)) + 2.0


def true_laeq(x, fs):
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / fs)
    w = 10 ** (a_weight_db(f) / 20)
    w[0] = 0.0
    power = np.abs(spec * w) ** 2
    factor = np.full(power.size, 2.0)  # one-sided spectrum: count the negative frequencies
    factor[0] = 1.0
    if len(x) % 2 == 0:
        factor[-1] = 1.0  # the Nyquist bin is its own mirror
    mean_sq = (power * factor).sum() / len(x) ** 2
    return 10 * np.log10(mean_sq / P0 ** 2)


def shaped_noise(r, n, fs, shape, rms):
    """Gaussian noise with amplitude spectrum shape(f), scaled to an unweighted RMS in Pa."""
    spec = np.fft.rfft(r.normal(size=n))
    f = np.fft.rfftfreq(n, 1 / fs)
    x = np.fft.irfft(spec * shape(np.maximum(f, 1e-3)), n)
    return x * rms / np.sqrt(np.mean(x * x))


def band(lo, hi, slope=0.0):
    def shape(f):
        return ((f >= lo) & (f <= hi)) * f ** slope
    return shape


def envelope(r, n, fs, depth_db, period_s):
    """Slow level changes: passing vehicles, gusts (linear amplitude factor)."""
    t = np.arange(n) / fs
    env_db = np.zeros(n)
    for c in r.uniform(0, n / fs, size=max(1, int(n / fs / period_s))):
        env_db = np.maximum(env_db, depth_db * np.exp(-((t - c) / r.uniform(1.0, 3.0)) ** 2))
    return 10 ** ((env_db - depth_db) / 20)


def bursts(r, n, fs, count, f_lo, f_hi, dur, amp):
    x = np.zeros(n)
    for _ in range(count):
        d = int(r.uniform(*dur) * fs)
        s = int(r.integers(0, max(1, n - d)))
        t = np.arange(d) / fs
        f0, f1 = r.uniform(f_lo, f_hi), r.uniform(f_lo, f_hi)
        phase = 2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * t[-1] + 1e-9))
        x[s:s + d] += amp * r.uniform(0.5, 1.0) * np.sin(phase) * np.hanning(d)
    return x
P94 = P0 * 10 ** (94 / 20)  # RMS pressure of the 94 dB SPL reference tone, Pa


def full_scale_pa(sensitivity_dbfs):
    """Pressure (Pa) at which a sine's peak reaches digital full scale (AES17: that sine is
    0 dBFS, and the 94 dB SPL tone reads sensitivity_dbfs)."""
    return np.sqrt(2) * P94 * 10 ** (-sensitivity_dbfs / 20)


def microphone(r, x):
    """A digital MEMS microphone: datasheet sensitivity, DC offset, 24-bit samples left-justified
    in 32-bit I2S words. Returns (words as int32, sensitivity in dBFS, pressure in Pa that the
    words represent)."""
    sens = float(r.integers(-38, -25))
    x = x + r.uniform(0.02, 0.2) * r.choice([-1, 1])
    scale = full_scale_pa(sens)
    codes = np.clip(np.round(x / scale * 2 ** 23), -2 ** 23, 2 ** 23 - 1).astype(np.int64)
    words = (codes * 256).astype(np.int32)
    return words, sens, codes / 2 ** 23 * scale


def street(r, fs, seconds):
    n = int(fs * seconds)
    traffic = shaped_noise(r, n, fs, band(20, min(8000, fs / 2), -0.7), r.uniform(0.2, 0.8))
    x = traffic * envelope(r, n, fs, r.uniform(15, 25), r.uniform(4, 8))
    x += shaped_noise(r, n, fs, band(20, min(10000, fs / 2), -0.5), r.uniform(0.005, 0.02))
    t = np.arange(n) / fs
    for _ in range(int(r.integers(1, 4))):  # horns
        s, d = r.uniform(0, seconds - 1), r.uniform(0.3, 1.0)
        on = (t > s) & (t < s + d)
        f0 = r.uniform(380, 520)
        horn = sum(np.sin(2 * np.pi * k * f0 * t[on]) / k for k in range(1, 6))
        x[on] += r.uniform(0.1, 0.4) * horn
    return microphone(r, x)


def park(r, fs, seconds):
    n = int(fs * seconds)
    x = shaped_noise(r, n, fs, band(20, min(6000, fs / 2), -1.0), r.uniform(0.002, 0.006))
    wind = shaped_noise(r, n, fs, band(0.5, 30, -1.5), r.uniform(0.3, 1.5))
    x += wind * envelope(r, n, fs, 10, 3)
    top = min(7200, 0.45 * fs)
    x += bursts(r, n, fs, int(seconds * r.uniform(3, 8)), 0.55 * top, top, (0.05, 0.3),
                r.uniform(0.05, 0.3))
    return microphone(r, x)


def workshop(r, fs, seconds):
    n = int(fs * seconds)
    t = np.arange(n) / fs
    mains = r.choice([50.0, 60.0])
    x = sum(r.uniform(0.1, 0.6) / k * np.sin(2 * np.pi * k * mains * t + r.uniform(0, 6.3))
            for k in (1, 2, 3, 4))
    hiss = shaped_noise(r, n, fs, band(3000, 0.49 * fs, 0.3), r.uniform(0.05, 0.3))
    x = x + hiss * envelope(r, n, fs, 12, 5)
    beep_f = r.uniform(2500, 0.3 * fs)
    period = r.uniform(0.5, 1.5)
    gate = (np.mod(t, period) < 0.4 * period) & (np.mod(t / 20, 1) < 0.5)
    x += r.uniform(0.05, 0.3) * gate * np.sin(2 * np.pi * beep_f * t)
    return microphone(r, x)


def quiet_room(r, fs, seconds):
    n = int(fs * seconds)
    x = shaped_noise(r, n, fs, band(20, min(8000, fs / 2), -1.0), r.uniform(0.0006, 0.002))
    x += shaped_noise(r, n, fs, band(15, 80, -1.0), r.uniform(0.01, 0.05))  # ventilation
    return microphone(r, x)


def check(scene, stream, rates, count, seconds):
    r = rng(stream)
    for rec in range(count):
        fs = float(r.choice(rates))
        words, sens, pressure = scene(r, fs, float(r.integers(seconds[0], seconds[1] + 1)))
        truth = true_laeq(pressure, fs)
        got = float(laeq(words, fs, sens))
        assert abs(got - truth) <= 0.5, (
            f"record {rec} (fs {fs:.0f} Hz, {sens:.0f} dBFS): LAeq {got:.2f} dB(A), "
            f"true {truth:.2f} dB(A)")


def test_street_traffic():
    check(street, 1, [32000, 44100, 48000], 3, (10, 20))


def test_park_monitor_with_birdsong_and_wind():
    check(park, 2, [16000], 3, (10, 20))


def test_workshop_hum_hiss_and_alarms():
    check(workshop, 3, [44100, 48000], 3, (10, 20))


def test_quiet_room():
    check(quiet_room, 4, [16000, 48000], 3, (10, 20))


def test_returns_float_and_accepts_lists():
    r = rng(5)
    words, sens, pressure = street(r, 16000.0, 3.0)
    value = laeq([int(w) for w in words], 16000, sens)
    assert isinstance(value, float)
    assert abs(value - true_laeq(pressure, 16000.0)) <= 0.5


@pytest.mark.parametrize("case", ["dims", "fs", "short"])
def test_invalid_input_raises(case):
    x = np.zeros(16000, dtype=np.int32)
    fs = 16000.0
    if case == "dims":
        x = x.reshape(2, 8000)
    elif case == "fs":
        fs = 0.0
    else:
        x = x[:1000]
    with pytest.raises(ValueError):
        laeq(x, fs, -26.0)
