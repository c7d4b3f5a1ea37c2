"""Hidden tests: eyes-closed periods found in occipital EEG, graded per 2 s window.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record alternates
eyes-open and eyes-closed periods. The occipital EEG has a 1/f background and an alpha rhythm at
the person's own frequency that waxes and wanes; closing the eyes raises the alpha by a factor
that differs between people (some have little alpha at all), and when the person gets drowsy
with the eyes closed the alpha weakens and slows while theta grows. Muscle activity from the
neck and jaw (broadband, reaching down into the alpha band), electrode offsets and drift,
occasional electrode pops and mains interference are added.
"""

import os

import numpy as np
import pytest

from candidate import eyes_closed

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def shaped_noise(r, n, fs, shape_fn, k=1):
    f = np.fft.rfftfreq(n, 1 / fs)
    spec = (r.normal(size=(k, f.size)) + 1j * r.normal(size=(k, f.size))) * shape_fn(f)
    x = np.fft.irfft(spec, n, axis=1)
    return x / x.std(axis=1, keepdims=True)


def ramp(t, edges_on, edges_off, width=0.5):
    """0/1 state with soft edges: 1 between each on and off time."""
    s = np.zeros_like(t)
    for a, b in zip(edges_on, edges_off):
        s += np.clip((t - a) / width + 0.5, 0, 1) * np.clip((b - t) / width + 0.5, 0, 1)
    return np.clip(s, 0, 1)


def record(r, fs, seconds, drowsy=0.0, muscle=True, low_alpha=False):
    """Samples (n, 2) [O1, O2] in µV and the per-sample truth (1 = eyes closed)."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    # alternate open and closed periods of 8-40 s
    on, off = [], []
    pos = r.uniform(4.0, 12.0)
    closed = bool(r.random() < 0.5)
    starts = [0.0]
    while pos < seconds:
        starts.append(pos)
        pos += r.uniform(8.0, 40.0)
    starts.append(seconds + 1.0)
    for k in range(len(starts) - 1):
        if (k % 2 == 0) == closed:
            on.append(starts[k])
            off.append(starts[k + 1])
    if not on:  # make sure both states occur
        on, off = [starts[1]], [min(starts[2], seconds + 1.0)]
    state = ramp(t, on, off)
    # drowsy stretches inside closed periods
    sleepy = np.zeros(n)
    if drowsy > 0:
        for a, b in zip(on, off):
            if r.random() < drowsy and b - a > 10:
                da = r.uniform(a + 2, a + 0.5 * (b - a))
                sleepy += ramp(t, [da], [min(b, da + r.uniform(6, 20))], width=3.0)
        sleepy = np.clip(sleepy, 0, 1) * state
    bg = shaped_noise(r, n, fs, lambda f: 1.0 / np.maximum(f, 1.0) ** 0.75, 3)
    x = r.uniform(5.0, 10.0) * (0.6 * bg[:1] + 0.8 * bg[1:])
    iaf = r.uniform(8.0, 12.0)
    alpha_open = r.uniform(2.5, 6.0)
    gain = r.uniform(2.2, 3.5) if low_alpha else np.exp(r.uniform(np.log(3.0), np.log(8.0)))
    # the alpha's frequency: drops by ~1-1.5 Hz when drowsy
    slow = r.uniform(1.0, 1.5)
    f_inst = iaf - slow * sleepy + 0.2 * shaped_noise(r, n, fs, lambda f: np.exp(-f / 0.1))[0]
    phase = 2 * np.pi * np.cumsum(f_inst) / fs
    # narrowband: a phase-modulated carrier with a waxing and waning amplitude
    jitter = np.cumsum(r.normal(0, 0.5 / np.sqrt(fs), size=n)) * 2 * np.pi * 0.6
    wax = np.clip(1.0 + 0.35 * shaped_noise(r, n, fs, lambda f: np.exp(-f / 0.4))[0], 0.3, None)
    amp = alpha_open * (1.0 + (gain - 1.0) * state * (1.0 - 0.3 * sleepy)) * wax
    alpha = amp * np.sin(phase + jitter)
    x += np.outer(r.uniform(0.8, 1.2, size=2), alpha)
    theta = shaped_noise(r, n, fs, lambda f: np.exp(-0.5 * ((f - 5.5) / 1.0) ** 2), 1)[0]
    x += r.uniform(5.0, 10.0) * sleepy * theta
    truth = state
    if muscle:  # neck muscles under the occipital electrodes: broadband, down into alpha
        pos = r.uniform(0, 10)
        while pos < seconds - 3:
            d = r.uniform(2.0, 8.0)
            env = ramp(t, [pos], [pos + d], width=0.3)
            emg = shaped_noise(r, n, fs, lambda f: (f / 15.0) ** 2 / (1 + (f / 15.0) ** 2)
                               * (f < min(150.0, 0.45 * fs)), 2)
            x += r.uniform(50.0, 120.0) * emg * env[None, :]
            pos += d + r.uniform(5.0, 25.0)
    for _ in range(int(r.integers(0, 3))):  # electrode pop: a step that decays
        a = r.uniform(0, seconds)
        dd = np.maximum(t - a, 0)
        x[int(r.integers(2))] += r.uniform(-300, 300) * (t > a) * np.exp(-dd / r.uniform(0.3, 2))
    x += r.uniform(-3000, 3000, size=(2, 1)) + r.uniform(10, 60) * shaped_noise(
        r, n, fs, lambda f: np.exp(-f / 0.05), 2)
    f0 = r.choice([50.0, 60.0])
    x += r.uniform(2.0, 30.0) * np.sin(2 * np.pi * f0 * t + r.uniform(0, 6.3))[None, :]
    return x.T.copy(), truth


FS_CHOICES = [128.0, 250.0, 256.0, 500.0, 512.0]


def window_truth(truth, fs):
    w = int(round(2 * fs))
    m = truth.size // w
    win = truth[:m * w].reshape(m, w)
    judged = (win.min(axis=1) > 0.99) | (win.max(axis=1) < 0.01)
    return win.mean(axis=1) > 0.5, judged


def check(records, label, per_record=0.85, overall=0.92):
    right = total = 0
    for i, (x, fs, truth) in enumerate(records):
        got = np.asarray(eyes_closed(x, fs))
        want, judged = window_truth(truth, fs)
        assert got.shape == want.shape, f"{label} record {i}: shape {got.shape}, want {want.shape}"
        ok = (got.astype(bool) == want)[judged]
        right += ok.sum()
        total += ok.size
        assert ok.mean() >= per_record, (
            f"{label} record {i}: {ok.mean():.0%} of windows right; eyes closed in "
            f"{want[judged].mean():.0%} (fs {fs:g} Hz)")
    assert right / total >= overall, f"{label}: {right / total:.1%} of windows right overall"


def make(r, count, **kw):
    out = []
    for _ in range(count):
        fs = float(r.choice(FS_CHOICES))
        x, truth = record(r, fs, r.uniform(100, 180), **kw)
        out.append((x, fs, truth))
    return out


def test_resting_state_sessions():
    check(make(rng(1), 5), "resting")


def test_people_with_little_alpha():
    check(make(rng(2), 4, low_alpha=True), "low alpha")


def test_drowsy_with_eyes_closed():
    check(make(rng(3), 4, drowsy=0.8), "drowsy")


def test_output_form():
    r = rng(4)
    x, _ = record(r, 250.0, 61.3)
    got = eyes_closed(x, 250.0)
    assert isinstance(got, np.ndarray) and got.dtype == np.bool_ and got.shape == (30,)
    assert np.asarray(eyes_closed(x[:400], 250.0)).shape == (0,)


@pytest.mark.parametrize("eeg, fs", [(np.zeros(5000), 250.0), (np.zeros((5000, 2)), 0.0),
                                     (np.zeros((5000, 2)), -250.0)])
def test_invalid_input_raises(eeg, fs):
    with pytest.raises(ValueError):
        eyes_closed(eeg, fs)
