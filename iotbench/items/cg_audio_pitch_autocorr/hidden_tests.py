import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import estimate_pitch


def naive(x, sr, fmin=60.0, fmax=500.0, thr=0.3):
    x = np.asarray(x, float) - np.mean(x)
    n = len(x)
    r = np.array([np.dot(x[:n - t], x[t:]) for t in range(n)])
    if r[0] == 0:
        return 0.0
    lo, hi = math.ceil(sr / fmax), min(math.floor(sr / fmin), n - 1)
    tau = lo + int(np.argmax(r[lo:hi + 1]))
    if r[tau] / r[0] < thr:
        return 0.0
    p = float(tau)
    if lo < tau < hi:
        a, b, c = r[tau - 1], r[tau], r[tau + 1]
        p = tau + 0.5 * (a - c) / (a - 2 * b + c)
    return sr / p


def harmonic(f0, sr, n, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sr
    return sum(a * np.sin(2 * np.pi * k * f0 * t + rng.uniform(0, 6)) for k, a in [(1, 1.0), (2, 0.5), (3, 0.3)])


@pytest.mark.parametrize("f0", [100.0, 123.4, 220.0, 330.3])
def test_harmonic_tones_default_range(f0):
    x = harmonic(f0, 16000, 1024)
    est = estimate_pitch(x, 16000)
    assert isinstance(est, float)
    assert est == pytest.approx(f0, rel=0.005)


def test_refinement_needed_for_non_integer_period():
    # sr/f0 = 18.18 samples: the integer lag alone would be 1 % off
    x = np.sin(2 * np.pi * 440 * np.arange(512) / 8000) + 0.2
    est = estimate_pitch(x, 8000)
    assert est == pytest.approx(440.0, rel=0.003)
    assert est == pytest.approx(naive(x, 8000), rel=1e-9)


def test_silent_and_unvoiced_frames():
    assert estimate_pitch(np.zeros(400), 8000) == 0.0
    assert estimate_pitch(np.full(400, 0.25), 8000) == 0.0
    noise = np.random.default_rng(1).normal(size=800)
    assert estimate_pitch(noise, 8000) == 0.0
    # the same noise is "voiced" with a permissive threshold
    assert estimate_pitch(noise, 8000, voicing_threshold=-1.0) == pytest.approx(naive(noise, 8000, thr=-1.0))


def test_search_range_edges_are_not_refined():
    # 480 Hz at 8 kHz: period 16.67 but the smallest lag allowed by fmax=500 is 16
    x = np.sin(2 * np.pi * 480 * np.arange(600) / 8000)
    est = estimate_pitch(x, 8000)
    assert est == pytest.approx(naive(x, 8000), rel=1e-9)
    # custom range: fmin/fmax narrow around the pitch
    y = harmonic(150.0, 8000, 600, seed=3)
    assert estimate_pitch(y, 8000, fmin=120.0, fmax=200.0) == pytest.approx(150.0, rel=0.005)
    # upper end of the lag range clipped by the frame length
    z = np.sin(2 * np.pi * 62.0 * np.arange(130) / 8000)
    assert estimate_pitch(z, 8000) == pytest.approx(naive(z, 8000), rel=1e-9)


def test_threshold_boundary_is_inclusive_for_voiced():
    x = harmonic(200.0, 8000, 400, seed=5)
    xm = x - x.mean()
    r = np.array([np.dot(xm[:400 - t], xm[t:]) for t in range(400)])
    tau = 16 + int(np.argmax(r[16:134]))
    ratio = r[tau] / r[0]
    assert estimate_pitch(x, 8000, voicing_threshold=ratio * (1 - 1e-9)) > 0
    assert estimate_pitch(x, 8000, voicing_threshold=ratio * (1 + 1e-9)) == 0.0


def pulses(n, positions, amps=None):
    x = np.zeros(n)
    x[list(positions)] = 1.0 if amps is None else amps
    return x


def test_lag_range_limits_with_default_fmin_and_fmax():
    # alternating pulse amplitudes: r[2P] > r[P], so the search range decides the answer
    # P = 64 (125 Hz at 8 kHz): 2P = 128 lies inside the default range (tau_hi = 133)
    x = pulses(2000, range(0, 2000, 64), np.tile([1.0, 0.5], 16)[:len(range(0, 2000, 64))])
    assert estimate_pitch(x, 8000) == pytest.approx(naive(x, 8000), rel=1e-12)
    assert estimate_pitch(x, 8000) == pytest.approx(62.5, rel=0.01)
    # P = 80 (100 Hz): 2P = 160 is outside the default range
    y = pulses(2000, range(0, 2000, 80), np.tile([1.0, 0.5], 13)[:len(range(0, 2000, 80))])
    assert estimate_pitch(y, 8000) == pytest.approx(100.0, rel=0.01)
    # a lag just outside / exactly at the upper end of the range
    z = pulses(300, [0, 134])
    assert estimate_pitch(z, 8000) == pytest.approx(naive(z, 8000), abs=1e-12)
    assert estimate_pitch(z, 8000) != pytest.approx(8000 / 134)
    w = pulses(300, [0, 133])
    assert estimate_pitch(w, 8000) == pytest.approx(8000 / 133, rel=1e-12)


def test_upper_lag_limited_by_frame_length():
    x = pulses(100, [0, 99])
    assert estimate_pitch(x, 8000) == pytest.approx(8000 / 99, rel=1e-12)
    # a single admissible lag (tau_lo == tau_hi == 16)
    y = pulses(17, [0, 16])
    assert estimate_pitch(y, 8000) == pytest.approx(500.0, rel=1e-12)


def test_exact_integer_autocorrelation_and_threshold_equality():
    # r[1] = r[3] = 0, r[0] = 50, r[4] = 48: period 4 samples exactly
    x = np.tile([1.0, 0.0, -1.0, 0.0], 25)
    assert estimate_pitch(x, 400.0) == pytest.approx(100.0, rel=1e-12)
    # ratio equal to the threshold counts as voiced
    assert estimate_pitch(x, 400.0, voicing_threshold=48 / 50) == pytest.approx(100.0, rel=1e-12)
    assert estimate_pitch(x, 400.0, voicing_threshold=48 / 50 + 1e-9) == 0.0


def test_default_voicing_threshold_and_small_parameters():
    # normalised peak between 0.30 and 0.33: voiced with the default threshold of 0.3
    rng = np.random.default_rng(21)
    base = np.sin(2 * np.pi * 200 * np.arange(800) / 8000)
    for scale in np.linspace(1.0, 3.0, 200):
        x = base + scale * rng.standard_normal(800)
        xm = x - x.mean()
        r = np.correlate(xm, xm, "full")[799:]
        tau = 16 + int(np.argmax(r[16:134]))
        if 0.305 < r[tau] / r[0] < 0.325:
            break
    else:
        pytest.fail("no suitable noise level found")
    assert estimate_pitch(x, 8000) == pytest.approx(naive(x, 8000), rel=1e-12) and estimate_pitch(x, 8000) > 0
    # small sampling rate and fmin are valid
    y = np.tile([1.0, 0.0, -1.0, 0.0], 10)
    assert estimate_pitch(y, 1.0, fmin=0.05, fmax=0.5) == pytest.approx(0.25, rel=1e-12)
    assert estimate_pitch(y, 400.0, fmin=1.0, fmax=200.0) == pytest.approx(naive(y, 400.0, 1.0, 200.0), rel=1e-12)
    # two samples are enough when the lag range allows it
    assert estimate_pitch([1.0, -1.0], 100.0, fmin=10.0, fmax=100.0, voicing_threshold=-1.0) == 100.0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), f0=st.floats(70, 450), n=st.integers(200, 700),
       sr=st.sampled_from([8000.0, 11025.0, 16000.0]))
def test_property_matches_definition(seed, f0, n, sr):
    rng = np.random.default_rng(seed)
    x = harmonic(f0, sr, n, seed=seed) + 0.3 * rng.normal(size=n)
    est = estimate_pitch(x, sr)
    assert est == pytest.approx(naive(x, sr), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((10, 2)), 8000), {}), ((np.ones(1), 8000), {}), ((np.ones(100), 0.0), {}),
    ((np.ones(100), 8000), {"fmin": 0.0}), ((np.ones(100), 8000), {"fmin": 100.0, "fmax": 100.0}),
    ((np.ones(10), 8000), {}), ((np.ones(100), -8000), {}), ((np.ones(100), 8000), {"fmin": -60.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        estimate_pitch(*args, **kwargs)
