import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.signal import periodogram

from candidate import spectral_edge_frequency


def oracle(x, fs, edge=0.95, fmin=0.5, fmax=30.0, epoch_s=4.0):
    L = int(round(epoch_s * fs))
    out = []
    for k in range(len(x) // L):
        f, p = periodogram(x[k * L:(k + 1) * L], fs=fs, window="hann")
        m = (f >= fmin) & (f <= fmax)
        fb, c = f[m], np.cumsum(p[m])
        if len(c) == 0 or c[-1] == 0:
            out.append(math.nan)
            continue
        tg = edge * c[-1]
        j = int(np.flatnonzero(c >= tg)[0])
        out.append(fb[0] if j == 0 else fb[j - 1] + (tg - c[j - 1]) / (c[j] - c[j - 1]) *
                   (fb[j] - fb[j - 1]))
    return np.array(out)


def tone(f, fs, seconds, amp=1.0):
    t = np.arange(int(round(seconds * fs))) / fs
    return amp * np.sin(2 * np.pi * f * t)


def test_on_bin_tone_known_answers():
    fs = 128.0     # 4-s epochs: bins every 0.25 Hz; a Hann window spreads an on-bin tone as
    x = tone(10.0, fs, 4)   # powers 1/4, 1, 1/4 on bins 9.75, 10, 10.25
    sef = spectral_edge_frequency(x, fs)
    assert sef.dtype == np.float64 and sef.shape == (1,)
    # c = 0.25, 1.25, 1.5 (x 1/1.5); target 0.95 * 1.5 = 1.425 -> 10 + 0.175 / 0.25 * 0.25
    assert sef[0] == pytest.approx(10.175, abs=1e-6)
    # median: target 0.75 -> 9.75 + 0.5 / 1 * 0.25
    assert spectral_edge_frequency(x, fs, edge=0.5)[0] == pytest.approx(9.875, abs=1e-6)
    # edge 1: the last bin with power
    assert spectral_edge_frequency(x, fs, edge=1.0)[0] == pytest.approx(10.25, abs=1e-6)


def test_first_bin_branch():
    fs = 128.0
    x = tone(10.25, fs, 4)
    # band starts at 10.0 (power 1/4 of the peak): a 10 % target is reached in the first bin
    assert spectral_edge_frequency(x, fs, edge=0.1, fmin=10.0)[0] == pytest.approx(10.0)
    # 20 % of 1.5 = 0.3 > 0.25: interpolate between 10.0 and 10.25
    assert spectral_edge_frequency(x, fs, edge=0.2, fmin=10.0)[0] == pytest.approx(
        10.0 + 0.05 / 1.0 * 0.25, abs=1e-6)


def test_band_limits_inclusive():
    fs = 128.0
    x = tone(10.0, fs, 4) + tone(31.0, fs, 4, 3.0)
    # 31 Hz lies above the default fmax: only the 10 Hz tone counts
    assert spectral_edge_frequency(x, fs)[0] == pytest.approx(10.175, abs=1e-6)
    got = spectral_edge_frequency(x, fs, fmax=31.0)[0]
    assert got == pytest.approx(oracle(x, fs, fmax=31.0)[0]) and got > 30.5
    y = tone(0.5, fs, 4) + tone(0.25, fs, 4, 5.0)
    assert spectral_edge_frequency(y, fs)[0] == pytest.approx(oracle(y, fs)[0])
    assert spectral_edge_frequency(y, fs, fmin=0.25)[0] == pytest.approx(oracle(y, fs, fmin=0.25)[0])
    assert spectral_edge_frequency(y, fs, fmin=0.55)[0] == pytest.approx(oracle(y, fs, fmin=0.55)[0])
    z = tone(30.0, fs, 4)
    assert spectral_edge_frequency(z, fs, edge=1.0)[0] == pytest.approx(30.0)


def test_nan_cases():
    fs = 128.0
    out = spectral_edge_frequency(np.full(1024, 4.0), fs)          # detrended to zero
    assert out.shape == (2,) and np.all(np.isnan(out))
    out = spectral_edge_frequency(tone(10.0, fs, 4), fs, fmin=40.05, fmax=40.2)   # no bin
    assert np.isnan(out[0])
    mixed = np.r_[np.zeros(512), tone(10.0, fs, 4)]
    out = spectral_edge_frequency(mixed, fs)
    assert np.isnan(out[0]) and out[1] == pytest.approx(10.175, abs=1e-6)


def test_epoching():
    fs = 100.0
    rng = np.random.default_rng(5)
    x = rng.normal(size=1234)
    assert spectral_edge_frequency(x, fs).shape == (3,)
    assert np.allclose(spectral_edge_frequency(x, fs), oracle(x, fs))
    assert np.allclose(spectral_edge_frequency(x, fs, epoch_s=2.5), oracle(x, fs, epoch_s=2.5))
    assert spectral_edge_frequency(x[:400], fs).shape == (1,)
    assert np.allclose(spectral_edge_frequency(x[:5], 1.0, epoch_s=2.0, fmin=0.0, fmax=0.5),
                       oracle(x[:5], 1.0, fmin=0.0, fmax=0.5, epoch_s=2.0), equal_nan=True)


def test_small_powers():
    fs = 128.0
    x = tone(10.0, fs, 4, 1e-6)
    assert spectral_edge_frequency(x, fs)[0] == pytest.approx(10.175, abs=1e-6)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1024, 3000), edge=st.floats(0.05, 1.0),
       fs=st.sampled_from([100.0, 128.0, 256.0]))
def test_matches_definition(seed, n, edge, fs):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) + 0.3 * np.cumsum(rng.normal(size=n))
    got = spectral_edge_frequency(x, fs, edge=edge)
    want = oracle(x, fs, edge=edge)
    assert got.shape == want.shape
    assert np.allclose(got, want, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(eeg=np.zeros((2, 1000)), fs=128.0),
    dict(eeg=np.zeros(1000), fs=0.0),
    dict(eeg=np.zeros(1000), fs=-128.0, epoch_s=-4.0),
    dict(eeg=np.zeros(1000), fs=128.0, edge=0.0),
    dict(eeg=np.zeros(1000), fs=128.0, edge=1.01),
    dict(eeg=np.zeros(1000), fs=128.0, fmin=-0.5),
    dict(eeg=np.zeros(1000), fs=128.0, fmin=30.0),
    dict(eeg=np.zeros(1000), fs=128.0, epoch_s=0.01),
    dict(eeg=np.zeros(511), fs=128.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        spectral_edge_frequency(**kwargs)
