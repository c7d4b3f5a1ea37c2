"""Hidden tests: individual alpha peak frequency from eyes-closed occipital EEG, graded on the
outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A subject's EEG is a 1/f^b
background (b 1-2, 8-20 uV rms) plus an alpha rhythm (two-pole resonator at the subject's alpha
frequency, 8-12.5 Hz, bandwidth 0.4-1.2 Hz, waxing and waning), for some subjects a second alpha
component 1.3-2 Hz away (0.3-0.5 of the main amplitude), theta (4.5-6 Hz) and beta (18-25 Hz)
rhythms; mains hum (50 or 60 Hz), muscle bursts, slow eye/head movements (30-120 uV), electrode
pops (80-400 uV jumps decaying in 0.3-2 s) and the DC offset and drift of a DC-coupled amplifier.
Truth: the main alpha component's centre frequency; graded per subject within 0.5 Hz and on the
mean absolute error. The one-minute records of clear alpha have a sharp rhythm (bandwidth
0.4-0.8 Hz), so that a minute defines its peak.
"""

import os

import numpy as np
import pytest
from scipy.signal import lfilter

from candidate import alpha_peak_frequency

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def pink(r, n, fs, beta):
    spec = np.fft.rfft(r.normal(size=n))
    f = np.fft.rfftfreq(n, 1 / fs)
    spec *= np.maximum(f, 0.5) ** (-beta / 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def resonance(r, n, fs, f0, bw):
    """Narrow-band rhythm: white noise through a two-pole resonator at f0 (bandwidth bw Hz)."""
    rad = np.exp(-np.pi * bw / fs)
    a = [1.0, -2 * rad * np.cos(2 * np.pi * f0 / fs), rad * rad]
    x = lfilter([1.0], a, r.normal(size=n + int(2 * fs)))[int(2 * fs):]
    return x / x.std()


def envelope(r, n, fs):
    """Waxing and waning of a rhythm (0.05-0.5 Hz), positive, mean 1."""
    k = max(1, int(fs * r.uniform(1, 4)))
    e = np.convolve(r.normal(size=n + k), np.ones(k) / np.sqrt(k), "valid")[:n]
    e = np.exp(0.5 * e)
    return e / e.mean()


def subject(r, fs, seconds, alpha_hz, alpha_ratio, theta=0.0, beta=0.3, split=0.0,
            pops_per_min=1.0, mains_hz=50.0, max_bw=1.2):
    """Occipital eyes-closed EEG in uV; returns the signal."""
    n = int(seconds * fs)
    bg = pink(r, n, fs, r.uniform(1.0, 2.0)) * r.uniform(8, 20)
    level = bg.std()
    x = bg.copy()
    bw = r.uniform(0.4, max_bw)
    x += alpha_ratio * level * resonance(r, n, fs, alpha_hz, bw) * envelope(r, n, fs)
    if split > 0:  # a second alpha component
        f2 = alpha_hz + r.choice([-1, 1]) * r.uniform(1.3, 2.0)
        x += split * alpha_ratio * level * resonance(r, n, fs, f2, bw) * envelope(r, n, fs)
    if theta > 0:
        x += theta * level * resonance(r, n, fs, r.uniform(4.5, 6.0), r.uniform(0.8, 1.5)) * \
            envelope(r, n, fs)
    if beta > 0:
        x += beta * level * resonance(r, n, fs, r.uniform(18, 25), r.uniform(2, 4))
    t = np.arange(n) / fs
    # mains interference
    x += r.uniform(2, 40) * np.sin(2 * np.pi * mains_hz * t + r.uniform(0, 6.3))
    # muscle bursts
    for c in r.uniform(0, seconds, size=int(seconds / r.uniform(10, 40))):
        a, b = int(c * fs), int((c + r.uniform(0.5, 2.5)) * fs)
        seg = r.normal(size=max(0, min(n, b) - a))
        seg = np.diff(np.concatenate([[0.0], seg]))  # high-frequency weighted
        x[a:a + seg.size] += r.uniform(5, 25) * seg
    # slow eye and head movements
    for c in r.uniform(0, seconds, size=int(seconds / r.uniform(15, 60))):
        d = t - c
        w = r.uniform(0.3, 1.5)
        x += r.uniform(30, 120) * r.choice([-1, 1]) * np.exp(-(d / w) ** 2)
    # electrode pops: a jump that decays back
    for c in r.uniform(0, seconds, size=int(pops_per_min * seconds / 60)):
        d = t - c
        x += np.where(d >= 0, r.uniform(80, 400) * r.choice([-1, 1]) *
                      np.exp(-np.clip(d, 0, None) / r.uniform(0.3, 2.0)), 0.0)
    # DC offset and drift of a DC-coupled amplifier
    x += r.uniform(-3000, 3000) + r.uniform(-20, 20) * t / 60
    return x


RATES = [128.0, 160.0, 250.0, 256.0, 500.0, 512.0]


def draw(r, kind, low_hz=8.0):
    """One subject of a kind: 0 clear alpha, 1 drowsy (weak alpha, strong theta, pops), 2 split
    alpha, 3 weak alpha with beta and pops."""
    fs = float(r.choice(RATES))
    fa = r.uniform(low_hz, 12.5)
    kw = {"alpha_ratio": r.uniform(0.6, 2.0)}
    if kind == 1:
        kw = {"alpha_ratio": r.uniform(0.35, 0.55), "theta": r.uniform(1.0, 1.5),
              "pops_per_min": r.uniform(2, 5)}
    elif kind == 2:
        kw = {"alpha_ratio": r.uniform(0.5, 1.2), "split": r.uniform(0.3, 0.5)}
    elif kind == 3:
        kw = {"alpha_ratio": r.uniform(0.35, 0.6), "beta": r.uniform(0.5, 1.0),
              "pops_per_min": r.uniform(3, 6)}
    x = subject(r, fs, r.uniform(120, 240), fa, mains_hz=float(r.choice([50, 60])), **kw)
    return x, fs, fa


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check_subjects(r, kinds, low_hz=8.0, tol=0.5):
    """Errors (Hz), the subjects beyond `tol` as (excess, message), excess = error / tol, and a
    report of all subjects."""
    errors, lines, bad = [], [], []
    for i, kind in enumerate(kinds):
        x, fs, fa = draw(r, kind, low_hz)
        est = alpha_peak_frequency(x, fs)
        assert isinstance(est, (float, np.floating)), "the result must be a float"
        assert np.isfinite(est), f"subject {i}: returned {est}"
        errors.append(abs(float(est) - fa))
        lines.append(f"subject {i}: {float(est):.2f} Hz, true {fa:.2f} Hz (fs {fs:g})")
        if not errors[-1] <= tol:
            excess = errors[-1] / tol
            bad.append((excess, f"{lines[-1]}, tolerance {tol} Hz ({excess:.1f}x)"))
    return np.array(errors), bad, "; ".join(lines)


def test_resting_recordings():
    r = rng(1)
    errors, bad, report = check_subjects(r, [0, 1, 2, 3, 0, 2, 3, 0])
    assert errors.mean() <= 0.25, report
    assert_quota(bad, len(errors))


def test_drowsy_subjects_with_weak_alpha():
    r = rng(2)
    errors, bad, _ = check_subjects(r, [1] * 16, low_hz=9.5)
    assert_quota(bad, len(errors))


def test_a_minute_of_clear_alpha_from_a_list():
    r = rng(3)
    for _ in range(3):
        fs = float(r.choice(RATES))
        fa = r.uniform(8.0, 12.5)
        # a strong, clear alpha rhythm is a sharp one (bandwidth at most 0.8 Hz): a minute
        # of a broad rhythm does not define its peak to 0.5 Hz
        x = subject(r, fs, 60.0, fa, alpha_ratio=r.uniform(1.0, 2.0), pops_per_min=0.0,
                    max_bw=0.8)
        est = alpha_peak_frequency(x.tolist(), fs)
        assert abs(float(est) - fa) <= 0.5, f"{float(est):.2f} Hz, true {fa:.2f} Hz (fs {fs:g})"


@pytest.mark.parametrize("case", ["two_d", "fs_zero", "fs_negative", "too_short"])
def test_invalid_input_raises(case):
    fs = 256.0
    x = np.random.default_rng(0).normal(size=int(60 * fs))
    if case == "two_d":
        x = x.reshape(-1, 2)
    elif case == "fs_zero":
        fs = 0.0
    elif case == "fs_negative":
        fs = -256.0
    else:
        x = x[:int(10 * fs)]
    with pytest.raises(ValueError):
        alpha_peak_frequency(x, fs)
