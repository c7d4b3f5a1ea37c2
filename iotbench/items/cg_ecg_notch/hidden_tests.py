import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import signal as sps

from candidate import notch_powerline


def tone_amplitude(y, fs, f, start, stop):
    n = np.arange(start, stop)
    return 2 * abs(np.sum(y[start:stop] * np.exp(-2j * np.pi * f * n / fs))) / (stop - start)


def tone(f, fs, seconds):
    t = np.arange(0, seconds, 1 / fs)
    return np.sin(2 * np.pi * f * t)


def notch_gain(f0, q, fs, f):
    b, a = sps.iirnotch(f0, q, fs=fs)
    _, h = sps.freqz(b, a, worN=[f], fs=fs)
    return abs(h[0]) ** 2


def test_default_50hz_removed_and_other_tones_kept():
    fs = 500.0
    y = notch_powerline(tone(50, fs, 10), fs)
    assert y.dtype == np.float64 and y.shape == (5000,)
    assert tone_amplitude(y, fs, 50, 1500, 3500) < 0.01
    y = notch_powerline(tone(10, fs, 10), fs)
    assert tone_amplitude(y, fs, 10, 1500, 3500) == pytest.approx(1.0, abs=0.005)
    y = notch_powerline(tone(100, fs, 10), fs)
    assert tone_amplitude(y, fs, 100, 1500, 3500) == pytest.approx(1.0, abs=0.005)


def test_60hz_mains():
    fs = 360.0
    y = notch_powerline(tone(60, fs, 10), fs, mains_hz=60.0)
    assert tone_amplitude(y, fs, 60, 720, 2880) < 0.01
    y = notch_powerline(tone(50, fs, 10), fs, mains_hz=60.0)
    assert tone_amplitude(y, fs, 50, 720, 2880) > 0.95


@pytest.mark.parametrize("q", [None, 10.0])
def test_notch_width_follows_quality(q):
    fs, f = 500.0, 51.0
    x = tone(f, fs, 20)
    if q is None:
        y, use = notch_powerline(x, fs), 30.0
    else:
        y, use = notch_powerline(x, fs, quality=q), q
    amp = tone_amplitude(y, fs, f, 2500, 7500)
    assert amp == pytest.approx(notch_gain(50.0, use, fs, f), rel=0.02)


def test_harmonics_flag():
    fs = 1000.0
    x = tone(450, fs, 6) + tone(100, fs, 6)
    kept = notch_powerline(x, fs)
    assert tone_amplitude(kept, fs, 450, 2000, 4000) > 0.99
    assert tone_amplitude(kept, fs, 100, 2000, 4000) > 0.99
    removed = notch_powerline(x, fs, harmonics=True)
    assert tone_amplitude(removed, fs, 450, 2000, 4000) < 0.01
    assert tone_amplitude(removed, fs, 100, 2000, 4000) < 0.01


def test_harmonic_at_nyquist_is_not_used():
    fs = 300.0   # harmonics of 50 Hz: 100 Hz kept in the list, 150 Hz (= Nyquist) excluded
    x = tone(100, fs, 8) + tone(20, fs, 8) + tone(147, fs, 8)
    y = notch_powerline(x, fs, harmonics=True)
    assert np.all(np.isfinite(y))
    assert tone_amplitude(y, fs, 100, 600, 1800) < 0.01
    assert tone_amplitude(y, fs, 20, 600, 1800) > 0.99
    assert tone_amplitude(y, fs, 147, 600, 1800) > 0.98
    # exactly the cascade of the 50 Hz and 100 Hz notches
    want = x
    for f0 in (50.0, 100.0):
        b, a = sps.iirnotch(f0, 30.0, fs=fs)
        want = sps.filtfilt(b, a, want)
    assert np.allclose(y[300:-300], want[300:-300], atol=1e-3)


def test_third_harmonic_also_removed():
    fs = 400.0   # harmonics 100 and 150 Hz lie below 200 Hz
    x = tone(150, fs, 6)
    assert tone_amplitude(notch_powerline(x, fs, harmonics=True), fs, 150, 800, 1600) < 0.01
    assert tone_amplitude(notch_powerline(x, fs, harmonics=False), fs, 150, 800, 1600) > 0.99


def test_integer_input():
    fs = 250.0
    x = (100 * tone(5, fs, 4)).astype(np.int16)
    y = notch_powerline(x, fs)
    assert y.dtype == np.float64
    assert tone_amplitude(y, fs, 5, 250, 750) == pytest.approx(100, rel=0.02)


def test_unusual_but_valid_parameters():
    fs = 110.0   # Nyquist 55 Hz: a 50 Hz notch is still allowed
    y = notch_powerline(tone(50, fs, 10), fs)
    assert tone_amplitude(y, fs, 50, 330, 770) < 0.02
    fs = 200.0   # a very wide notch (quality below 1) is allowed
    y = notch_powerline(tone(50, fs, 10), fs, quality=0.5)
    assert tone_amplitude(y, fs, 50, 600, 1400) < 0.01
    assert tone_amplitude(notch_powerline(tone(5, fs, 10), fs, quality=0.5), fs, 5, 600, 1400) < 0.9
    y = notch_powerline(tone(1.0, fs, 30), fs, mains_hz=1.0, quality=2.0)   # a 1 Hz notch
    assert tone_amplitude(y, fs, 1.0, 2000, 4000) < 0.02


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), mains=st.sampled_from([50.0, 60.0]),
       fs=st.sampled_from([250.0, 360.0, 500.0]), harmonics=st.booleans(),
       q=st.floats(5.0, 60.0))
def test_matches_notch_cascade(seed, mains, fs, harmonics, q):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=1500)) * 0.05 + rng.normal(size=1500)
    y = notch_powerline(x, fs, mains_hz=mains, quality=q, harmonics=harmonics)
    want = x
    k = 1
    while k * mains < fs / 2 and (k == 1 or harmonics):
        b, a = sps.iirnotch(k * mains, q, fs=fs)
        want = sps.filtfilt(b, a, want)
        k += 1
    # compare away from the ends, where padding conventions may differ slightly
    assert np.allclose(y[300:-300], want[300:-300], atol=1e-3)


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=500.0),
    dict(signal=np.zeros((3, 1000)), fs=500.0),
    dict(signal=np.zeros(1000), fs=500.0, quality=0.0),
    dict(signal=np.zeros(1000), fs=500.0, quality=-3.0),
    dict(signal=np.zeros(1000), fs=100.0),
    dict(signal=np.zeros(1000), fs=90.0),
    dict(signal=np.zeros(1000), fs=500.0, mains_hz=0.0),
    dict(signal=np.zeros(1000), fs=500.0, mains_hz=-50.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        notch_powerline(**kwargs)
