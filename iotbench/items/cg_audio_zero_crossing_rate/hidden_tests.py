import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import zero_crossing_rate


def naive(x, fl, hop):
    out, s = [], 0
    while s + fl <= len(x):
        f = x[s:s + fl]
        c = sum(1 for i in range(1, fl) if (f[i] >= 0) != (f[i - 1] >= 0))
        out.append(c / (fl - 1))
        s += hop
    return np.array(out)


def test_sine_rate_default_framing():
    sr = 16000
    t = np.arange(sr // 2) / sr
    x = np.sin(2 * np.pi * 500 * t + 0.1)
    z = zero_crossing_rate(x)
    assert z.shape == (1 + (8000 - 1024) // 256,) and z.dtype == np.float64
    # 500 Hz: 1000 crossings per second -> about 1000/16000 per pair
    np.testing.assert_allclose(z, 1000 / 16000, atol=2 / 1023)
    np.testing.assert_allclose(z, naive(x, 1024, 256), rtol=1e-12)


def test_zero_counts_as_positive():
    x = np.array([1.0, 0.0, -1.0, 0.0, 0.0, 2.0])
    # pairs: (1,0) same, (0,-1) cross, (-1,0) cross, (0,0) same, (0,2) same
    np.testing.assert_allclose(zero_crossing_rate(x, frame_length=6, hop_length=1), [2 / 5])
    np.testing.assert_allclose(zero_crossing_rate(x, frame_length=2, hop_length=1), [0, 1, 1, 0, 0])


def test_alternating_and_constant():
    x = np.tile([1.0, -1.0], 50)
    np.testing.assert_allclose(zero_crossing_rate(x, frame_length=10, hop_length=10), np.ones(10))
    np.testing.assert_allclose(zero_crossing_rate(-np.ones(30), frame_length=10, hop_length=5), np.zeros(5))


def test_short_signal_and_exact_fit():
    assert zero_crossing_rate(np.ones(1023)).shape == (0,)
    assert zero_crossing_rate(np.ones(1024)).shape == (1,)
    assert zero_crossing_rate(np.array([]), frame_length=2).shape == (0,)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 150), fl=st.integers(2, 30), hop=st.integers(1, 30))
def test_property_matches_naive(seed, n, fl, hop):
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, size=n).astype(float)       # many exact zeros
    z = zero_crossing_rate(x, frame_length=fl, hop_length=hop)
    exp = naive(x, fl, hop)
    assert z.shape == exp.shape
    np.testing.assert_allclose(z, exp, rtol=1e-12)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((10, 2)),), {}), ((np.ones(10),), {"frame_length": 1}), ((np.ones(10),), {"hop_length": 0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        zero_crossing_rate(*args, **kwargs)
