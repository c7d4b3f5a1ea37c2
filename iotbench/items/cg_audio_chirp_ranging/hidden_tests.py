import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import acoustic_range


def chirp(fs, f0=2000.0, f1=6000.0, duration=0.01):
    L = int(round(duration * fs))
    t = np.arange(L) / fs
    return np.sin(2 * np.pi * (f0 * t + 0.5 * (f1 - f0) / duration * t ** 2))


def scene(fs, direct_at, echo_delay, echo_amp=0.3, n=4000, noise=0.0, seed=0, **kw):
    rng = np.random.default_rng(seed)
    s = chirp(fs, **kw)
    x = noise * rng.normal(size=n)
    x[direct_at:direct_at + len(s)] += s
    x[direct_at + echo_delay:direct_at + echo_delay + len(s)] += echo_amp * s
    return x


def naive(x, fs, f0=2000.0, f1=6000.0, duration=0.01, c=343.0):
    s = chirp(fs, f0, f1, duration)
    L = len(s)
    corr = np.array([np.dot(x[k:k + L], s) for k in range(len(x) - L + 1)])
    e = np.abs(corr)
    d = int(np.argmax(e))
    g = d + math.ceil(2 * fs / (f1 - f0))
    echo = g + int(np.argmax(e[g:]))
    return c * (echo - d) / fs / 2, corr


def test_one_metre_default_chirp():
    fs = 48000
    delay = int(round(2 * 1.0 / 343 * fs))            # 280 samples round trip
    x = scene(fs, 150, delay, noise=0.01)
    dist, corr = acoustic_range(x, fs)
    assert isinstance(dist, float)
    assert corr.shape == (4000 - 480 + 1,)
    assert dist == pytest.approx(1.0, abs=343 / fs / 2 + 1e-6)
    ed, ec = naive(x, fs)
    np.testing.assert_allclose(corr, ec, rtol=1e-9, atol=1e-9)
    assert dist == pytest.approx(ed)


def test_close_object_just_beyond_guard():
    fs = 48000
    x = scene(fs, 200, 25, echo_amp=0.6)            # guard = ceil(96000/4000) = 24 samples
    dist, _ = acoustic_range(x, fs)
    assert dist == pytest.approx(343 * 25 / fs / 2, abs=1e-9)


def test_custom_chirp_and_speed():
    fs = 44100
    x = scene(fs, 100, 500, echo_amp=0.4, n=6000, noise=0.02, f0=15000.0, f1=20000.0, duration=0.02)
    dist, corr = acoustic_range(x, fs, f0=15000.0, f1=20000.0, duration=0.02, speed_of_sound=340.0)
    assert corr.shape == (6000 - 882 + 1,)
    assert dist == pytest.approx(340 * 500 / fs / 2, abs=340 / fs)
    ed, _ = naive(x, fs, 15000.0, 20000.0, 0.02, 340.0)
    assert dist == pytest.approx(ed)


def test_chirp_definition_via_correlation_peak_value():
    fs = 16000
    s = chirp(fs, 1000.0, 4000.0, 0.01)
    x = np.r_[np.zeros(50), s, np.zeros(300)]
    x[50 + 100:50 + 100 + len(s)] += 0.2 * s
    _, corr = acoustic_range(x, fs, f0=1000.0, f1=4000.0)
    assert int(np.argmax(np.abs(corr))) == 50
    assert corr[50] == pytest.approx(np.dot(s, s) + 0.2 * np.dot(s[100:], s[:-100]), rel=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), direct=st.integers(0, 300), delay=st.integers(40, 600),
       amp=st.floats(0.2, 0.7), fs=st.sampled_from([16000.0, 44100.0, 48000.0]))
def test_property_matches_definition(seed, direct, delay, amp, fs):
    x = scene(int(fs), direct, delay, echo_amp=amp, n=1600, noise=0.05, seed=seed)
    dist, corr = acoustic_range(x, fs)
    ed, ec = naive(x, fs)
    np.testing.assert_allclose(corr, ec, rtol=1e-9, atol=1e-9)
    assert dist == pytest.approx(ed, abs=1e-12)


def test_two_sample_chirp_and_small_speed_are_valid():
    rng = np.random.default_rng(5)
    x = rng.normal(size=300)
    dist, corr = acoustic_range(x, 48000, duration=2 / 48000, speed_of_sound=1.0)
    assert corr.shape == (299,)
    ed, ec = naive(x, 48000, duration=2 / 48000, c=1.0)
    np.testing.assert_allclose(corr, ec, atol=1e-12)
    assert dist == pytest.approx(ed)


def test_edge_frequencies_allowed():
    fs = 16000
    x = scene(fs, 10, 100, n=1000, f0=0.0, f1=8000.0)
    dist, _ = acoustic_range(x, fs, f0=0.0, f1=8000.0)
    assert dist == pytest.approx(343 * 100 / fs / 2, abs=343 / fs)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((100, 2)), 48000), {}), ((np.ones(100), 48000), {}), ((np.ones(1000), 0.0), {}),
    ((np.ones(1000), 48000), {"speed_of_sound": 0.0}), ((np.ones(1000), 48000), {"f0": -1.0}),
    ((np.ones(1000), 48000), {"f0": 6000.0}), ((np.ones(1000), 48000), {"f1": 24001.0}),
    ((np.ones(1000), 48000), {"duration": 1e-5}), ((np.ones(1000), 48000), {"duration": -0.01}),
    ((np.ones(1000), 48000), {"duration": 2.1e-5}), ((np.ones((1000, 2)), 48000), {}),
    ((np.ones(1000), -48000), {}), ((np.ones(1000), 48000), {"speed_of_sound": -343.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        acoustic_range(*args, **kwargs)


def test_no_room_for_echo_raises():
    fs = 48000
    s = chirp(fs)
    x = np.r_[np.zeros(10), s, np.zeros(10)]       # direct path at the last lags
    x[:10] = 0.0
    with pytest.raises(ValueError):
        acoustic_range(x, fs)
