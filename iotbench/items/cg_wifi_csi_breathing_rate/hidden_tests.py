import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import estimate_breathing_rate


def breathing_csi(rate_bpm, fs=20.0, seconds=60.0, n_sub=8, seed=0, drift=0.0, noise=0.2):
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * fs)) / fs
    chest = np.sin(2 * np.pi * rate_bpm / 60.0 * t)
    gains = rng.uniform(-1.0, 1.0, size=n_sub)     # subcarriers see the motion with any sign
    x = 25 + np.outer(chest, gains) + noise * rng.normal(size=(len(t), n_sub))
    return x + drift * t[:, None]


def reference_rate(x, fs, lo, hi):
    x = np.asarray(x, float)
    if x.ndim == 1:
        x = x[:, None]
    t = np.arange(len(x))
    A = np.stack([t, np.ones_like(t)], 1).astype(float)
    res = x - A @ np.linalg.lstsq(A, x, rcond=None)[0]
    n = 1
    while n < 8 * len(x):
        n *= 2
    p = (np.abs(np.fft.rfft(res, n=n, axis=0)) ** 2).sum(axis=1)
    f = np.arange(len(p)) * fs / n
    band = (f >= lo / 60) & (f <= hi / 60)
    return 60 * f[band][np.argmax(p[band])]


@pytest.mark.parametrize("rate", [8.0, 12.5, 17.0, 24.0])
def test_recovers_rate_multi_subcarrier(rate):
    x = breathing_csi(rate, seed=int(rate))
    est = estimate_breathing_rate(x, 20.0)
    assert isinstance(est, float)
    assert est == pytest.approx(rate, abs=0.3)
    assert est == pytest.approx(reference_rate(x, 20.0, 6, 30), abs=1e-9)


def test_strong_drift_is_removed():
    # a steep ramp would dominate the low end of the band without detrending
    x = breathing_csi(15.0, n_sub=4, seed=3, drift=0.5, noise=0.05)
    assert estimate_breathing_rate(x, 20.0) == pytest.approx(15.0, abs=0.3)


def test_band_limits_respected():
    fs = 10.0
    t = np.arange(600) / fs
    # strong 45 bpm component (outside the band) and weaker 18 bpm breathing
    x = 3.0 * np.sin(2 * np.pi * 0.75 * t) + 1.0 * np.sin(2 * np.pi * 0.3 * t)
    assert estimate_breathing_rate(x, fs) == pytest.approx(18.0, abs=0.3)
    assert estimate_breathing_rate(x, fs, min_bpm=6, max_bpm=60) == pytest.approx(45.0, abs=0.3)
    # a strong component at 5 bpm lies below the default band
    y = 3.0 * np.sin(2 * np.pi * (5 / 60) * t) + np.sin(2 * np.pi * 0.3 * t)
    assert estimate_breathing_rate(y, fs) == pytest.approx(18.0, abs=0.3)
    assert estimate_breathing_rate(y, fs, min_bpm=4.0) == pytest.approx(5.0, abs=0.3)


def test_band_edges_inclusive_and_zero_padding_resolution():
    fs = 8.0
    n = 128                         # n_fft = 1024, bin = fs/1024 Hz = 0.46875 bpm
    t = np.arange(n) / fs
    f_edge = 64 * fs / 1024         # 0.5 Hz = exactly 30 bpm, bin 64
    x = np.cos(2 * np.pi * f_edge * t) + 0.3 * np.cos(2 * np.pi * 0.2 * t)
    assert estimate_breathing_rate(x, fs) == pytest.approx(30.0, abs=1e-9)
    f_low = 13 * fs / 1024 * 1.0    # 0.1015625 Hz = 6.09375 bpm, bin 13 (band starts at 0.1 Hz)
    y = np.cos(2 * np.pi * f_low * t)
    assert estimate_breathing_rate(y, fs, min_bpm=6.09375) == pytest.approx(6.09375, abs=1e-9)


def test_two_samples_are_enough():
    # a 2-sample record detrends to zeros; the first in-band bin (7.5 bpm) wins the tie
    assert estimate_breathing_rate(np.array([1.0, 3.0]), 2.0) == pytest.approx(7.5)


def test_band_may_reach_nyquist_exactly():
    fs = 1.0
    t = np.arange(200) / fs
    x = np.cos(2 * np.pi * 0.5 * t) + 0.2 * np.cos(2 * np.pi * 0.2 * t)
    assert estimate_breathing_rate(x, fs) == pytest.approx(30.0, abs=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), T=st.one_of(st.integers(40, 400), st.sampled_from([64, 128, 256])),
       S=st.integers(1, 4),
       fs=st.sampled_from([5.0, 10.0, 20.0, 25.0]), lo=st.floats(0.5, 12.0), width=st.floats(6.0, 30.0))
def test_property_matches_spec_on_random_data(seed, T, S, fs, lo, width):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(T, S)).cumsum(axis=0)      # red noise: the lowest in-band bins dominate
    if S == 1 and seed % 2:
        x = x[:, 0]
    assert estimate_breathing_rate(x, fs) == pytest.approx(reference_rate(x, fs, 6, 30), abs=1e-9)
    assert estimate_breathing_rate(x, fs, min_bpm=lo, max_bpm=lo + width) == pytest.approx(
        reference_rate(x, fs, lo, lo + width), abs=1e-9)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones(100), 0.0), {}),
    ((np.ones(1), 2.0), {}),
    ((np.ones(100), -10.0), {}),
    ((np.ones(100), 10.0), {"min_bpm": 11.71875, "max_bpm": 11.71875}),
    ((np.ones(100), 0.99), {}),
    ((np.ones((10, 2, 2)), 10.0), {}),
    ((np.ones(100), 10.0), {"min_bpm": 0.0}),
    ((np.ones(100), 10.0), {"min_bpm": 20.0, "max_bpm": 20.0}),
    ((np.ones(100), 0.9), {}),
    ((np.ones(4), 10.0), {"min_bpm": 10.0, "max_bpm": 11.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        estimate_breathing_rate(*args, **kwargs)
