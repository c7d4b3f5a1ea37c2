import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import emg_rms_envelope


def oracle(x, fs, window_s=0.1):
    x = np.asarray(x, dtype=float)
    x = x - x.mean()
    w = int(round(window_s * fs))
    out = np.empty(len(x))
    for i in range(len(x)):
        lo = i - w // 2
        s = sum(x[k] ** 2 for k in range(lo, lo + w) if 0 <= k < len(x))
        out[i] = np.sqrt(s / w)
    return out


def test_burst_envelope():
    fs = 1000.0
    t = np.arange(0, 2, 1 / fs)
    rng = np.random.default_rng(0)
    emg = 0.02 * rng.normal(size=t.size)
    emg[800:1200] += 1.0 * np.sin(2 * np.pi * 80 * t[800:1200])
    env = emg_rms_envelope(emg, fs)
    assert env.dtype == np.float64 and env.shape == (2000,)
    assert np.all(env >= 0)
    assert env[1000] == pytest.approx(np.sqrt(0.5), rel=0.05)
    assert env[300] < 0.05


def test_window_alignment_even_and_odd():
    x = np.zeros(20)
    x[10] = 2.0
    x[11] = -2.0               # mean stays 0 exactly
    # w = 4: output i covers i-2 ... i+1
    env = emg_rms_envelope(x, 100.0, window_s=0.04)
    nz = np.flatnonzero(env > 1e-12)
    assert nz.tolist() == [9, 10, 11, 12, 13]
    assert env[10] == pytest.approx(np.sqrt(8 / 4)) and env[9] == pytest.approx(np.sqrt(4 / 4))
    # w = 3: output i covers i-1 ... i+1
    env = emg_rms_envelope(x, 100.0, window_s=0.03)
    assert np.flatnonzero(env > 1e-12).tolist() == [9, 10, 11, 12]
    assert env[12] == pytest.approx(np.sqrt(4 / 3))


def test_edges_use_zero_padding_with_full_divisor():
    x = np.array([3.0, -3.0, 3.0, -3.0, 3.0, -3.0])
    env = emg_rms_envelope(x, 10.0, window_s=0.5)     # w = 5, covers i-2 ... i+2
    assert env[0] == pytest.approx(np.sqrt(27 / 5))
    assert env[2] == pytest.approx(3.0)
    assert env[-1] == pytest.approx(np.sqrt(27 / 5))
    assert env[1] == pytest.approx(np.sqrt(36 / 5))
    assert np.allclose(env, oracle(x, 10.0, 0.5))


def test_mean_is_removed():
    x = np.r_[np.zeros(50), np.ones(50)] + 7.0
    env = emg_rms_envelope(x, 100.0, window_s=0.01)   # w = 1: |x - mean|
    assert np.allclose(env, 0.5)


def test_rounding_of_window():
    rng = np.random.default_rng(3)
    x = rng.normal(size=60)
    for win in (0.1, 0.06, 0.14, 0.02, 0.03, 0.6, 2.0, 3.0):   # w = 5, 3, 7, 1, 2, 30, 100, 150
        got = emg_rms_envelope(x, 50.0, window_s=win)
        assert got.shape == (60,)
        assert np.allclose(got, oracle(x, 50.0, win))
    assert np.allclose(emg_rms_envelope(x, 1.0, window_s=3.0), oracle(x, 1.0, 3.0))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 150), fs=st.sampled_from([100.0, 250.0, 1000.0]))
def test_matches_definition(seed, n, fs):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) * 0.5 + 1.0
    assert np.allclose(emg_rms_envelope(x, fs), oracle(x, fs), atol=1e-10)


@pytest.mark.parametrize("kwargs", [
    dict(emg=np.array([]), fs=1000.0),
    dict(emg=np.zeros((2, 100)), fs=1000.0),
    dict(emg=np.zeros(100), fs=0.0),
    dict(emg=np.zeros(100), fs=-1000.0),
    dict(emg=np.zeros(100), fs=-1000.0, window_s=-0.1),
    dict(emg=np.zeros(100), fs=-0.5, window_s=-2.0),
    dict(emg=np.zeros(100), fs=1000.0, window_s=0.0004),
    dict(emg=np.zeros(100), fs=1000.0, window_s=0.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        emg_rms_envelope(**kwargs)
