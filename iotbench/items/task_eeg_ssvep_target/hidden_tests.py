"""Hidden tests: which flickering target a user attends, from occipital EEG, graded on accuracy.

Every trial is drawn from the run's data seed (IOTBENCH_DATA_SEED). A trial is background EEG
(1/f activity shared in part across channels, a spontaneous alpha rhythm at the subject's own
frequency that waxes and wanes), the steady-state response to the attended flicker (its
fundamental and harmonics, with subject- and frequency-dependent strengths; at low flicker rates
the second harmonic is often the larger), and what a headset records besides: electrode offsets
and drift, mains interference, and occasional muscle bursts.
"""

import os

import numpy as np
import pytest

from candidate import classify_ssvep

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def shaped_noise(r, n, fs, shape_fn, k=1):
    """k unit-variance noise signals (k, n) with amplitude spectrum shape_fn(f)."""
    f = np.fft.rfftfreq(n, 1 / fs)
    spec = (r.normal(size=(k, f.size)) + 1j * r.normal(size=(k, f.size))) * shape_fn(f)
    x = np.fft.irfft(spec, n, axis=1)
    return x / x.std(axis=1, keepdims=True)


class Subject:
    """Per-subject constants: background, alpha and response strengths, channel layout."""

    def __init__(self, r, strong_alpha=False):
        self.n_ch = int(r.choice([3, 4, 6, 8]))
        self.beta = r.uniform(1.2, 2.0)
        self.background_uv = r.uniform(6.0, 14.0)
        self.iaf = r.uniform(8.5, 11.5)
        self.alpha_uv = r.uniform(4.0, 9.0) if strong_alpha else r.uniform(2.0, 6.0)
        self.alpha_w = r.uniform(0.4, 1.0, size=self.n_ch)
        self.resp_uv = r.uniform(3.0, 6.0)
        self.resp_w = r.uniform(0.3, 1.0, size=self.n_ch)
        self.resp_lag = r.uniform(-0.3, 0.3, size=self.n_ch)
        self.latency = r.uniform(0.08, 0.16)
        self.mains = r.choice([50.0, 60.0])


def harmonic_gains(r, f):
    """Relative strengths of the 1st-3rd harmonics of the response to a flicker at f Hz."""
    if f < 9.0:  # slow flicker: the second harmonic is often the stronger one
        return np.array([r.uniform(0.4, 0.9), r.uniform(0.8, 1.3), r.uniform(0.2, 0.5)])
    return np.array([1.0, r.uniform(0.3, 0.8), r.uniform(0.05, 0.3)])


def trial(r, s, fs, seconds, f_target):
    n = int(round(seconds * fs))
    t = np.arange(n) / fs
    beta = s.beta
    pink = shaped_noise(r, n, fs, lambda f: 1.0 / np.maximum(f, 1.0) ** (beta / 2), s.n_ch + 1)
    bg = 0.6 * pink[:1] + 0.8 * pink[1:]
    x = s.background_uv * bg / bg.std(axis=1, keepdims=True)
    iaf = s.iaf + r.uniform(-0.3, 0.3)
    alpha = shaped_noise(r, n, fs, lambda f: np.exp(-0.5 * ((f - iaf) / 0.5) ** 2))[0]
    wax = np.clip(1.0 + 0.6 * shaped_noise(r, n, fs, lambda f: np.exp(-f / 0.5))[0], 0.1, None)
    x += s.alpha_uv * s.alpha_w[:, None] * (alpha * wax)[None, :]
    gains = harmonic_gains(r, f_target) * s.resp_uv * r.uniform(0.7, 1.3)
    response = np.zeros((s.n_ch, n))
    for h, g in enumerate(gains, start=1):
        ph = r.uniform(0, 2 * np.pi)
        arg = 2 * np.pi * h * f_target * (t[None, :] - s.latency) + ph + h * s.resp_lag[:, None]
        response += g * np.sin(arg)
    response *= np.clip((t - s.latency) / 0.1, 0.0, 1.0)[None, :]  # starts after the latency
    x += s.resp_w[:, None] * response
    x += r.uniform(0.5, 4.0) * np.sin(2 * np.pi * s.mains * t + r.uniform(0, 6.3))[None, :] \
        * r.uniform(0.5, 1.5, size=(s.n_ch, 1))
    x += r.uniform(-300, 300, size=(s.n_ch, 1)) + np.outer(r.uniform(-30, 30, size=s.n_ch),
                                                            t / seconds)
    if r.random() < 0.2:  # a jaw clench or frown: a burst of muscle activity
        emg = shaped_noise(r, n, fs, lambda f: (f > 20) * 1.0, s.n_ch)
        on = r.uniform(0, seconds - 0.5)
        env = np.exp(-0.5 * ((t - on - 0.25) / 0.15) ** 2)
        x += r.uniform(10, 30) * emg * env[None, :]
    return x.T.copy()


FREQ_SETS = [[8.0, 10.0, 12.0, 15.0], [7.5, 8.57, 10.0, 12.0], [6.67, 8.0, 10.0, 12.0, 15.0],
             [8.57, 10.0, 12.0, 15.0], [6.0, 6.67, 7.5, 8.57, 10.0], [9.0, 10.0, 11.0, 13.0, 14.0]]
SLOW_SETS = [[6.0, 6.67, 7.5, 8.57], [5.45, 6.0, 6.67, 7.5, 8.57], [5.45, 6.67, 8.57, 10.0]]
FS_CHOICES = [250.0, 256.0, 500.0, 512.0]


def run_session(r, n_subjects, trials_per, sets, strong_alpha=False, seconds=(2.0, 4.0),
                pick=None):
    correct, total = 0, 0
    misses = []
    for _ in range(n_subjects):
        s = Subject(r, strong_alpha)
        fs = float(r.choice(FS_CHOICES))
        freqs = list(sets[int(r.integers(len(sets)))])
        for _ in range(trials_per):
            k = int(r.integers(len(freqs))) if pick is None else pick(r, freqs)
            x = trial(r, s, fs, r.uniform(*seconds), freqs[k])
            got = classify_ssvep(x, fs, list(freqs))
            assert isinstance(got, (int, np.integer)) and not isinstance(got, bool)
            ok = int(got) == k
            correct += ok
            total += 1
            if not ok:
                misses.append((freqs[k], freqs[int(got)] if 0 <= int(got) < len(freqs) else got))
    return correct / total, misses


def test_speller_sessions():
    acc, misses = run_session(rng(1), 24, 5, FREQ_SETS)
    assert acc >= 0.85, f"accuracy {acc:.0%}; (attended, chosen) misses: {misses[:8]}"


def test_slow_flicker():
    acc, misses = run_session(rng(2), 18, 5, SLOW_SETS, seconds=(3.0, 5.0))
    assert acc >= 0.85, f"accuracy {acc:.0%}; (attended, chosen) misses: {misses[:8]}"


def test_strong_spontaneous_alpha():
    def not_ten(r, freqs):  # attended target away from the alpha band half of the time
        away = [i for i, f in enumerate(freqs) if abs(f - 10.0) > 1.6]
        return int(r.choice(away)) if r.random() < 0.7 else int(r.integers(len(freqs)))

    acc, misses = run_session(rng(3), 15, 5, FREQ_SETS, strong_alpha=True, pick=not_ten,
                               seconds=(3.0, 5.0))
    assert acc >= 0.8, f"accuracy {acc:.0%}; (attended, chosen) misses: {misses[:8]}"


def test_every_target_is_reachable():
    r = rng(4)
    s = Subject(r)
    s.resp_uv, s.background_uv, s.alpha_uv = 8.0, 4.0, 1.0  # a quiet user, a clear response
    freqs = [6.0, 7.5, 8.57, 10.0, 12.0, 15.0]
    for k, f in enumerate(freqs):
        got = int(classify_ssvep(trial(r, s, 250.0, 4.0, f), 250.0, freqs))
        assert got == k, f"attended {f} Hz with a strong response, chose {freqs[got]} Hz"


@pytest.mark.parametrize("eeg, fs, freqs", [(np.zeros(1000), 250.0, [8.0, 10.0]),
                                            (np.zeros((1000, 4)), 0.0, [8.0, 10.0]),
                                            (np.zeros((1000, 4)), 250.0, [])])
def test_invalid_input_raises(eeg, fs, freqs):
    with pytest.raises(ValueError):
        classify_ssvep(eeg, fs, freqs)
