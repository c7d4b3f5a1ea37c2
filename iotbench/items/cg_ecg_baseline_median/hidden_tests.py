import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import remove_baseline


def median_oracle(x, w):
    """Sliding median with edge replication (independent of scipy.ndimage)."""
    h = w // 2
    padded = np.concatenate([np.full(h, x[0]), x, np.full(h, x[-1])])
    windows = np.lib.stride_tricks.sliding_window_view(padded, w)
    return np.median(windows, axis=1)


def expected(x, fs, short_s=0.2, long_s=0.6):
    def odd(d):
        w = int(round(d * fs))
        return w + 1 if w % 2 == 0 else w
    base = median_oracle(median_oracle(x, odd(short_s)), odd(long_s))
    return x - base, base


@pytest.mark.parametrize("fs", [100.0, 128.0, 250.0, 45.0])
def test_matches_definition_on_random_signal(fs):
    rng = np.random.default_rng(int(fs))
    x = np.cumsum(rng.normal(size=400)) + rng.normal(size=400)
    corrected, baseline = remove_baseline(x, fs)
    want_c, want_b = expected(x, fs)
    assert corrected.shape == x.shape and baseline.shape == x.shape
    assert corrected.dtype == np.float64 and baseline.dtype == np.float64
    assert np.allclose(baseline, want_b, atol=1e-12)
    assert np.allclose(corrected, want_c, atol=1e-12)


def test_custom_durations_even_and_odd_windows():
    rng = np.random.default_rng(7)
    x = rng.normal(size=300)
    for short_s, long_s in [(0.1, 0.3), (0.11, 0.41), (0.05, 0.9)]:
        _, baseline = remove_baseline(x, 100.0, short_s=short_s, long_s=long_s)
        assert np.allclose(baseline, expected(x, 100.0, short_s, long_s)[1], atol=1e-12)


def test_window_length_boundary():
    # A 5-sample rectangular pulse survives a 9-sample median but not an 11-sample one.
    x = np.zeros(101)
    x[48:53] = 1.0
    # round(0.09 * 100) = 9 (odd, kept); the long filter must then be neutral (length 1)
    _, base = remove_baseline(x, 100.0, short_s=0.09, long_s=0.004)
    assert np.allclose(base, x)
    # round(0.1 * 100) = 10 -> 11: the pulse is removed
    _, base = remove_baseline(x, 100.0, short_s=0.1, long_s=0.004)
    assert np.allclose(base, 0.0)
    # round(0.08 * 100) = 8 -> 9: the pulse survives
    _, base = remove_baseline(x, 100.0, short_s=0.08, long_s=0.004)
    assert np.allclose(base, x)


def test_integer_input_and_low_sampling_rate():
    x = np.array([0, 0, 7, 0, 0, 3, 3, 3, 0, 0], dtype=np.int32)
    corrected, baseline = remove_baseline(x, 1.0, short_s=3.0, long_s=1.0)
    assert corrected.dtype == np.float64 and baseline.dtype == np.float64
    assert np.array_equal(baseline, [0, 0, 0, 0, 0, 3, 3, 3, 0, 0])
    assert np.array_equal(corrected, [0, 0, 7, 0, 0, 0, 0, 0, 0, 0])


def test_edges_use_replication():
    x = np.zeros(60)
    x[:2] = 5.0   # a short step at the very start
    _, base = remove_baseline(x, 10.0, short_s=0.5, long_s=0.1)
    # window 5: with replication the first outputs see 5,5,5,5,0 / 5,5,5,0,0 / 5,5,0,0,0
    assert base[0] == 5.0 and base[1] == 5.0 and base[2] == 0.0


def test_qrs_like_spikes_removed_from_baseline():
    fs = 250.0
    t = np.arange(0, 20, 1 / fs)
    wander = 0.8 * np.sin(2 * np.pi * 0.15 * t)
    spikes = np.zeros_like(t)
    for k in range(1, 20):
        i = int(k * fs)
        spikes[i - 5:i + 5] = 1.5   # 40 ms wide "QRS"
    corrected, baseline = remove_baseline(wander + spikes, fs)
    assert np.max(np.abs(baseline - wander)[250:-250]) < 0.05
    assert np.max(np.abs(corrected - spikes)[250:-250]) < 0.05


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 200), offset=st.floats(-100, 100))
def test_properties(seed, n, offset):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    corrected, baseline = remove_baseline(x, 50.0)
    assert np.allclose(corrected + baseline, x)
    c2, b2 = remove_baseline(x + offset, 50.0)   # shifting the signal shifts only the baseline
    assert np.allclose(b2, baseline + offset, atol=1e-9)
    assert np.allclose(c2, corrected, atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=250.0),
    dict(signal=np.zeros((4, 100)), fs=250.0),
    dict(signal=np.zeros(100), fs=0.0),
    dict(signal=np.zeros(100), fs=-1.0),
    dict(signal=np.zeros(100), fs=250.0, short_s=0.0),
    dict(signal=np.zeros(100), fs=250.0, long_s=0.0),
    dict(signal=np.zeros(100), fs=250.0, long_s=-0.6),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        remove_baseline(**kwargs)
