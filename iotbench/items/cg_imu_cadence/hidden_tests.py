import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import cadence_autocorr


def oracle(acc, fs, min_period_s=0.25, max_period_s=1.0, min_corr=0.3):
    m = np.linalg.norm(acc, axis=1)
    d = m - m.mean()
    n = len(d)
    r = np.array([np.dot(d[:n - k], d[k:]) for k in range(n)])
    if r[0] == 0:
        return 0.0
    rho = r / r[0]
    kmin = math.ceil(min_period_s * fs)
    kmax = min(math.floor(max_period_s * fs), n - 1)
    k = kmin + int(np.argmax(rho[kmin:kmax + 1]))
    if rho[k] < min_corr:
        return 0.0
    delta = 0.0
    if kmin < k < kmax:
        delta = 0.5 * (rho[k - 1] - rho[k + 1]) / (rho[k - 1] - 2 * rho[k] + rho[k + 1])
    return 60 * fs / (k + delta)


def walk(fs, seconds, rate, amp=2.0, noise=0.0, seed=0):
    t = np.arange(int(round(seconds * fs))) / fs
    rng = np.random.default_rng(seed)
    z = 9.81 + amp * np.sin(2 * np.pi * rate * t) + 0.5 * amp * np.sin(4 * np.pi * rate * t + 1)
    acc = np.c_[0.3 * np.ones_like(t), np.zeros_like(t), z]
    return acc + noise * rng.normal(size=acc.shape)


@pytest.mark.parametrize("rate", [1.0, 1.7, 2.0, 2.6])
def test_known_cadences(rate):
    fs = 50.0
    got = cadence_autocorr(walk(fs, 12, rate), fs)
    assert isinstance(got, float)
    assert got == pytest.approx(60 * rate, abs=0.6)


def test_refinement_matches_definition():
    fs = 50.0
    acc = walk(fs, 10, 1.7, noise=0.3, seed=3)
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs), rel=1e-9)
    acc = walk(fs, 6, 1.93, noise=0.1, seed=4)
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs), rel=1e-9)


def test_no_motion_and_no_periodicity():
    fs = 50.0
    acc = np.tile([0.0, 0.0, 8.0], (300, 1))       # exactly constant magnitude
    assert cadence_autocorr(acc, fs) == 0.0
    rng = np.random.default_rng(1)
    noise = np.c_[np.zeros(300), np.zeros(300), 9.81 + rng.normal(size=300)]
    assert cadence_autocorr(noise, fs) == 0.0
    assert cadence_autocorr(noise, fs, min_corr=-1.0) == pytest.approx(oracle(noise, fs, min_corr=-1.0))


def peak_rho(acc, kmin, kmax):
    m = np.linalg.norm(acc, axis=1)
    d = m - m.mean()
    n = len(d)
    rho = np.array([np.dot(d[:n - k], d[k:]) for k in range(n)]) / np.dot(d, d)
    return rho[kmin + int(np.argmax(rho[kmin:kmax + 1]))]


def test_min_corr_threshold():
    fs = 50.0
    acc = walk(fs, 8, 1.5, noise=2.0, seed=3)       # peak rho ~ 0.306: just periodic enough
    peak = peak_rho(acc, 13, 50)
    assert 0.3 < peak < 0.31
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs)) and oracle(acc, fs) > 0
    assert cadence_autocorr(acc, fs, min_corr=peak - 1e-6) > 0
    assert cadence_autocorr(acc, fs, min_corr=peak + 1e-6) == 0.0
    acc = walk(fs, 8, 1.5, noise=2.0, seed=4)       # peak rho ~ 0.282: rejected
    assert 0.27 < peak_rho(acc, 13, 50) < 0.3
    assert cadence_autocorr(acc, fs) == 0.0
    assert cadence_autocorr(acc, fs, min_corr=0.25) > 0


def test_exact_zero_correlations():
    fs = 16.0
    # magnitudes 2, 1, 0, 1, ... -> d = 1, 0, -1, 0, ... exactly: odd lags have rho = 0
    m = np.tile([2.0, 1.0, 0.0, 1.0], 10)
    acc = np.c_[np.zeros(40), np.zeros(40), m]
    assert cadence_autocorr(acc, fs, min_period_s=0.15) == pytest.approx(240.0)


def test_peak_at_the_last_lag():
    fs = 50.0
    m = np.zeros(20)
    m[0] = m[19] = 3.0                               # strongest correlation at lag 19 = n - 1
    acc = np.c_[np.zeros(20), np.zeros(20), m]
    assert cadence_autocorr(acc, fs, min_corr=0.0) == pytest.approx(60 * fs / 19)


def test_slow_sampling_rate():
    m = np.tile([3.0, 1.0, 1.0], 8)                  # period of 3 samples
    acc = np.c_[np.zeros(24), np.zeros(24), m]
    got = cadence_autocorr(acc, 1.0, min_period_s=2.0, max_period_s=4.0)
    assert got == pytest.approx(20.0, abs=0.5)
    assert got == pytest.approx(oracle(acc, 1.0, 2.0, 4.0))


def test_lag_range_edges():
    fs = 20.0
    # period 0.25 s = exactly kmin = 5 samples: the peak sits on the edge -> no refinement
    acc = walk(fs, 10, 4.0, amp=1.0)
    assert cadence_autocorr(acc, fs) == pytest.approx(60 * fs / 5)
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs))
    # slow walking with a period at the upper edge: kmax = floor(1.0 * 20) = 20
    acc = walk(fs, 10, 1.0, amp=1.0)
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs))
    assert cadence_autocorr(acc, fs) == pytest.approx(60.0)
    # custom range excluding the true period picks the best admissible lag
    acc = walk(fs, 10, 2.0, amp=1.0)
    for lo, hi in [(0.3, 0.45), (0.55, 1.2), (0.2, 0.5), (0.45, 0.9)]:
        got = cadence_autocorr(acc, fs, min_period_s=lo, max_period_s=hi)
        assert got == pytest.approx(oracle(acc, fs, lo, hi)), (lo, hi)


def test_short_window_limits_kmax():
    fs = 50.0
    acc = walk(fs, 0.7, 2.0)        # 35 samples: kmax = min(50, 34) = 34
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs))
    acc = walk(fs, 0.28, 2.0)       # 14 samples: kmin = 13 <= kmax = 13
    assert cadence_autocorr(acc, fs, min_corr=-1.0) == pytest.approx(oracle(acc, fs, min_corr=-1.0))
    with pytest.raises(ValueError):
        cadence_autocorr(walk(fs, 0.26, 2.0), fs)   # 13 samples: kmax = 12 < kmin


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), rate=st.floats(1.0, 3.5), noise=st.floats(0, 2),
       seconds=st.floats(2, 8), fs=st.sampled_from([25.0, 50.0, 64.0]))
def test_matches_definition(seed, rate, noise, seconds, fs):
    acc = walk(fs, seconds, rate, noise=noise, seed=seed)
    assert cadence_autocorr(acc, fs) == pytest.approx(oracle(acc, fs), rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((100, 2)), fs=50.0),
    dict(acc=np.zeros(300), fs=50.0),
    dict(acc=np.ones((100, 3)), fs=0.0),
    dict(acc=np.ones((100, 3)), fs=-50.0),
    dict(acc=np.ones((100, 3)), fs=50.0, min_period_s=0.0),
    dict(acc=np.ones((100, 3)), fs=50.0, min_period_s=-0.5),
    dict(acc=np.ones((100, 3)), fs=50.0, min_period_s=0.8, max_period_s=0.7),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        cadence_autocorr(**kwargs)
