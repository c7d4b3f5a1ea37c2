import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import extract_breathing

LAM = 3e8 / 60e9          # 5 mm


def simulate(rate_bpm, amp_m=4e-3, fs=20.0, seconds=40.0, drift=0.0, seed=0, heart=0.0, noise=0.0):
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * fs)) / fs
    d = amp_m * np.sin(2 * np.pi * rate_bpm / 60 * t) + heart * np.sin(2 * np.pi * 1.2 * t) + drift * t
    x = 3.0 * np.exp(1j * (4 * np.pi * d / LAM + rng.uniform(-np.pi, np.pi)))
    x = x + noise * (rng.normal(size=t.size) + 1j * rng.normal(size=t.size))
    return x, d


def detrended(d):
    t = np.arange(len(d), dtype=float)
    A = np.stack([t, np.ones_like(t)], axis=1)
    return d - A @ np.linalg.lstsq(A, d, rcond=None)[0]


def spec_rate(d, fs, lo, hi):
    n = 1
    while n < 8 * len(d):
        n *= 2
    p = np.abs(np.fft.rfft(d, n)) ** 2
    f = np.arange(len(p)) * fs / n
    band = (f >= lo / 60) & (f <= hi / 60)
    return 60 * f[band][np.argmax(p[band])]


@pytest.mark.parametrize("rate", [9.0, 14.0, 21.0])
def test_displacement_and_rate_with_phase_wrapping(rate):
    x, d = simulate(rate, seed=int(rate))
    disp, bpm = extract_breathing(x, 20.0, LAM)
    assert disp.shape == x.shape and disp.dtype == np.float64
    # 4 mm displacement is 3.2 rad * 2 ... far beyond one phase cycle: unwrapping is required
    np.testing.assert_allclose(disp, detrended(d), atol=1e-9)
    assert isinstance(bpm, float)
    assert bpm == pytest.approx(rate, abs=0.4)


def test_drift_is_removed():
    x, d = simulate(12.0, drift=2e-3, seed=4)       # person slowly leaning back, 2 mm/s
    disp, bpm = extract_breathing(x, 20.0, LAM)
    np.testing.assert_allclose(disp, detrended(d), atol=1e-9)
    assert abs(disp.mean()) < 1e-12
    assert bpm == pytest.approx(12.0, abs=0.4)


def test_band_limits_and_exact_value():
    # heartbeat component at 72 bpm is larger in phase but outside the default band
    x, d = simulate(15.0, amp_m=0.3e-3, heart=0.6e-3, seed=2)
    disp, bpm = extract_breathing(x, 20.0, LAM)
    assert bpm == pytest.approx(15.0, abs=0.4)
    assert bpm == pytest.approx(spec_rate(detrended(d), 20.0, 6, 30), abs=1e-9)
    _, bpm_wide = extract_breathing(x, 20.0, LAM, min_bpm=6, max_bpm=90)
    assert bpm_wide == pytest.approx(72.0, abs=0.4)
    _, bpm_low = extract_breathing(x, 20.0, LAM, min_bpm=0.5, max_bpm=14.0)
    assert bpm_low == pytest.approx(spec_rate(detrended(d), 20.0, 0.5, 14.0), abs=1e-9)


def test_sign_of_displacement():
    # chest moving away linearly for half the record, then back: triangle displacement
    t = np.arange(200)
    d = np.where(t < 100, t, 200 - t) * 1e-5
    x = np.exp(1j * 4 * np.pi * d / LAM)
    disp, _ = extract_breathing(x, 10.0, LAM)
    np.testing.assert_allclose(disp, detrended(d), atol=1e-12)
    assert disp[100] > 0 > disp[0]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), T=st.one_of(st.integers(16, 300), st.sampled_from([32, 64, 128])),
       fs=st.sampled_from([8.0, 10.0, 20.0]),
       lam=st.floats(2e-3, 1.3e-2), lo=st.floats(1.0, 10.0), width=st.floats(8.0, 20.0))
def test_property_matches_spec(seed, T, fs, lam, lo, width):
    rng = np.random.default_rng(seed)
    # random walk displacement with steps well under lambda/8 (phase steps < pi/2)
    d = np.cumsum(rng.uniform(-lam / 16, lam / 16, size=T))
    x = rng.uniform(0.5, 2) * np.exp(1j * (4 * np.pi * d / lam + 1.0))
    disp, bpm = extract_breathing(x, fs, lam, min_bpm=lo, max_bpm=lo + width)
    np.testing.assert_allclose(disp, detrended(d), atol=1e-9 * lam / 5e-3)
    assert bpm == pytest.approx(spec_rate(detrended(d), fs, lo, lo + width), abs=1e-6)


def test_default_band_and_exact_edges():
    rng = np.random.default_rng(11)
    d = np.cumsum(rng.uniform(-LAM / 16, LAM / 16, size=300))    # red noise: lowest bins dominate
    x = np.exp(1j * 4 * np.pi * d / LAM)
    _, bpm = extract_breathing(x, 10.0, LAM)
    assert bpm == pytest.approx(spec_rate(detrended(d), 10.0, 6.0, 30.0), abs=1e-9)
    # tones exactly on the band edges (n_fft = 1024 at 8 Hz: 0.46875 bpm per bin)
    t = np.arange(128) / 8.0
    d = 4e-4 * np.cos(2 * np.pi * 0.5 * t) + 1e-4 * np.cos(2 * np.pi * 0.2 * t)
    _, bpm = extract_breathing(np.exp(1j * 4 * np.pi * d / LAM), 8.0, LAM)
    assert bpm == pytest.approx(30.0, abs=1e-9)
    d = 4e-4 * np.cos(2 * np.pi * (13 * 8.0 / 1024) * t)
    _, bpm = extract_breathing(np.exp(1j * 4 * np.pi * d / LAM), 8.0, LAM, min_bpm=6.09375)
    assert bpm == pytest.approx(6.09375, abs=1e-9)


def test_lower_band_edge_with_default_parameters():
    t = np.arange(1200) / 10.0
    # a single tone at 6.3 breaths/min, just above the default lower edge
    d = 5e-4 * np.sin(2 * np.pi * (6.3 / 60) * t)
    _, bpm = extract_breathing(np.exp(1j * 4 * np.pi * d / LAM), 10.0, LAM)
    assert bpm == pytest.approx(6.3, abs=0.2)
    # a strong component just below the band leaks across the lower edge
    d = 3e-4 * np.sin(2 * np.pi * (5.7 / 60) * t) + 1e-4 * np.sin(2 * np.pi * (12 / 60) * t)
    _, bpm = extract_breathing(np.exp(1j * 4 * np.pi * d / LAM), 10.0, LAM)
    assert bpm == pytest.approx(spec_rate(detrended(d), 10.0, 6.0, 30.0), abs=1e-9)
    assert bpm >= 6.0


def test_two_frames_are_enough():
    disp, bpm = extract_breathing(np.array([1.0 + 0j, 1j]), 2.0, LAM)
    np.testing.assert_allclose(disp, 0.0, atol=1e-15)
    assert bpm == pytest.approx(7.5)


def test_nyquist_edge_is_allowed_and_small_parameters():
    x, _ = simulate(15.0, fs=1.0, seconds=200.0)
    _, bpm = extract_breathing(x, 1.0, LAM)            # 30 bpm = 0.5 Hz = Nyquist: allowed
    assert bpm == pytest.approx(15.0, abs=0.4)
    _, bpm = extract_breathing(x, 1.0, LAM, min_bpm=0.5, max_bpm=20.0)
    assert bpm == pytest.approx(15.0, abs=0.4)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((4, 4), complex), 20.0, LAM), {}),
    ((np.ones(1, complex), 20.0, LAM), {}),
    ((np.ones(100, complex), 20.0, 0.0), {}),
    ((np.ones(100, complex), 20.0, -LAM), {}),
    ((np.ones(100, complex), 20.0, LAM), {"min_bpm": 0.0}),
    ((np.ones(100, complex), 20.0, LAM), {"min_bpm": 30.0}),
    ((np.ones(100, complex), 10.0, LAM), {"min_bpm": 11.71875, "max_bpm": 11.71875}),
    ((np.ones(100, complex), 0.99, LAM), {}),
    ((np.ones(100, complex), -20.0, LAM), {}),
    ((np.ones(4, complex), 20.0, LAM), {"min_bpm": 10.0, "max_bpm": 11.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        extract_breathing(*args, **kwargs)
