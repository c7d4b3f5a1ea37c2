import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import relative_alpha


def tone(f, fs, seconds, amp=1.0):
    t = np.arange(int(round(seconds * fs))) / fs
    return amp * np.sin(2 * np.pi * f * t)


def oracle(x, fs, epoch_s=2.0):
    L = int(round(epoch_s * fs))
    f = np.fft.rfftfreq(L, 1 / fs)
    out = []
    for k in range(len(x) // L):
        e = x[k * L:(k + 1) * L]
        p = np.abs(np.fft.rfft(e - e.mean())) ** 2
        d = p[(f >= 1) & (f <= 30)].sum()
        out.append(p[(f >= 8) & (f <= 13)].sum() / d if d > 0 else 0.0)
    return np.array(out)


def test_eyes_open_then_closed():
    fs = 128.0
    rng = np.random.default_rng(0)
    open_ = tone(20.0, fs, 6, 5.0) + rng.normal(0, 1, 768)
    closed = tone(10.0, fs, 6, 20.0) + rng.normal(0, 1, 768)
    r = relative_alpha(np.r_[open_, closed], fs)
    assert r.dtype == np.float64 and r.shape == (6,)
    assert np.all(r[:3] < 0.2) and np.all(r[3:] > 0.8)
    assert np.allclose(r, oracle(np.r_[open_, closed], fs))


def test_band_edges_are_inclusive():
    fs = 128.0            # 2-s epochs: bins every 0.5 Hz
    cases = [(8.0, 1.0), (13.0, 1.0), (14.0, 0.0), (7.5, 0.0), (1.0, 0.0), (30.0, 0.0)]
    for f, want in cases:
        assert relative_alpha(tone(f, fs, 2), fs)[0] == pytest.approx(want, abs=1e-9), f
    # equal-power mixtures: the second tone inside or outside the 1-30 Hz denominator
    assert relative_alpha(tone(10, fs, 2) + tone(1.0, fs, 2), fs)[0] == pytest.approx(0.5)
    assert relative_alpha(tone(10, fs, 2) + tone(30.0, fs, 2), fs)[0] == pytest.approx(0.5)
    assert relative_alpha(tone(10, fs, 2) + tone(0.5, fs, 2), fs)[0] == pytest.approx(1.0)
    assert relative_alpha(tone(10, fs, 2) + tone(32.0, fs, 2), fs)[0] == pytest.approx(1.0)
    assert relative_alpha(tone(12.5, fs, 2) + 3 * tone(20.0, fs, 2), fs)[0] == pytest.approx(0.1)


def test_zero_denominator():
    fs = 128.0
    assert relative_alpha(np.full(256, 3.0), fs).tolist() == [0.0]
    assert relative_alpha(np.r_[np.full(256, -2.0), tone(10.0, fs, 2)], fs).tolist() == [0.0, 1.0]
    # Nyquist-only content (64 Hz): exactly zero power from 1 to 30 Hz
    alt = np.tile([1.0, -1.0], 128)
    assert relative_alpha(alt, fs).tolist() == [0.0]


def test_small_amplitudes_and_minimal_epochs():
    fs = 128.0
    x = tone(10.0, fs, 2, 1e-3) + tone(20.0, fs, 2, 1e-3)
    assert relative_alpha(x, fs)[0] == pytest.approx(0.5)
    # fs = 1 Hz, epochs of 2 samples: bins 0 and 0.5 Hz, no power between 1 and 30 Hz
    assert relative_alpha(np.arange(6.0), 1.0).tolist() == [0.0, 0.0, 0.0]


def test_epoch_length_and_count():
    fs = 100.0
    x = np.random.default_rng(1).normal(size=1050)
    assert relative_alpha(x, fs).shape == (5,)
    assert relative_alpha(x, fs, epoch_s=1.0).shape == (10,)
    assert relative_alpha(x, fs, epoch_s=10.5).shape == (1,)
    assert np.allclose(relative_alpha(x, fs, epoch_s=1.5), oracle(x, fs, 1.5))
    assert np.allclose(relative_alpha(x[:200], fs), oracle(x[:200], fs))
    assert relative_alpha(x[:199], fs, epoch_s=1.99).shape == (1,)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(640, 2000), fs=st.sampled_from([100.0, 128.0, 256.0]),
       ep=st.sampled_from([1.0, 2.0, 2.5]))
def test_matches_definition(seed, n, fs, ep):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) + 0.5 * np.cumsum(rng.normal(size=n)) * 0.1
    got = relative_alpha(x, fs, epoch_s=ep)
    want = oracle(x, fs, ep)
    assert got.shape == want.shape and np.allclose(got, want, atol=1e-12)
    assert np.all((got >= 0) & (got <= 1))


@pytest.mark.parametrize("kwargs", [
    dict(eeg=np.zeros((2, 500)), fs=128.0),
    dict(eeg=np.zeros(500), fs=0.0),
    dict(eeg=np.zeros(500), fs=-128.0, epoch_s=-2.0),
    dict(eeg=np.zeros(500), fs=-0.5, epoch_s=-8.0),
    dict(eeg=np.zeros(500), fs=128.0, epoch_s=0.01),
    dict(eeg=np.zeros(255), fs=128.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        relative_alpha(**kwargs)
