import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import perfusion_index


def oracle(x, fs, window_s=2.0, low_pi=0.2):
    x = np.asarray(x, dtype=float)
    w = round(window_s * fs)
    out = []
    for k in range(len(x) // w):
        seg = x[k * w:(k + 1) * w]
        out.append((seg.max() - seg.min()) / seg.mean() * 100)
    out = np.array(out)
    return out, out < low_pi


def test_known_values_and_window_count():
    x = np.array([100.0, 102.0, 98.0, 100.0, 200.0, 201.0, 199.0, 200.0, 50.0])
    pi, low = perfusion_index(x, 2.0)          # w = 4: two windows, the ninth sample dropped
    assert pi.dtype == np.float64 and pi.shape == (2,)
    assert np.allclose(pi, [4.0, 1.0])         # 4 / 100 and 2 / 200
    assert low.dtype == bool and low.tolist() == [False, False]
    pi, low = perfusion_index(x, 2.0, low_pi=2.0)
    assert low.tolist() == [False, True]
    pi, low = perfusion_index(x, 2.0, low_pi=4.0)     # equal to the threshold is not low
    assert low.tolist() == [False, True]


def test_default_threshold():
    x = np.array([99.895, 100.105, 100.0, 100.0, 99.905, 100.095, 100.0, 100.0])
    pi, low = perfusion_index(x, 1.0, window_s=4.0)      # PI 0.21 and 0.19 percent
    assert np.allclose(pi, [0.21, 0.19])
    assert low.tolist() == [False, True]


def test_sinusoidal_pulse():
    fs = 100.0
    t = np.arange(0, 10, 1 / fs)
    x = 2000 + 10 * np.sin(2 * np.pi * 1.2 * t + 0.3)
    pi, low = perfusion_index(x, fs, window_s=2.5)     # 4 windows of 250 samples
    assert pi.shape == (4,)
    assert np.allclose(pi, 1.0, atol=0.01)              # (20 / 2000) * 100
    assert not low.any()
    pi, low = perfusion_index(x * 0 + 2000 + 0.5 * np.sin(2 * np.pi * 1.2 * t), fs)
    assert np.all(low) and np.allclose(pi, 0.05, atol=0.001)


def test_window_rounding_and_exact_fit():
    x = np.arange(1.0, 31.0)
    # w = round(0.25 * 10) = round(2.5) = 2 -> 15 windows
    pi, _ = perfusion_index(x, 10.0, window_s=0.25)
    assert pi.shape == (15,)
    assert np.allclose(pi, oracle(x, 10.0, 0.25)[0])
    pi, _ = perfusion_index(x, 10.0, window_s=0.35)     # round(3.5) = 4 -> 7 windows
    assert pi.shape == (7,)
    assert np.allclose(pi, oracle(x, 10.0, 0.35)[0])
    pi, _ = perfusion_index(x, 1.0, window_s=30.0)      # exactly one window
    assert pi.shape == (1,) and pi[0] == pytest.approx(29 / 15.5 * 100)
    pi, _ = perfusion_index(x, 10.0, window_s=0.1)      # one-sample windows: AC = 0
    assert pi.shape == (30,) and np.all(pi == 0)


def test_list_input_and_default_window():
    x = [10.0, 11.0, 10.0, 9.0] * 5                     # fs = 2, default 2 s -> w = 4
    pi, low = perfusion_index(x, 2.0)
    assert pi.shape == (5,) and np.allclose(pi, 20.0)
    assert low.tolist() == [False] * 5


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 400), fs=st.sampled_from([25.0, 50.0, 64.0]),
       win=st.sampled_from([0.5, 1.0, 2.0, 3.3]), thr=st.floats(0.1, 5.0))
def test_matches_definition(seed, n, fs, win, thr):
    rng = np.random.default_rng(seed)
    x = 1000 + rng.normal(0, 8, size=n)
    if n < round(win * fs):
        with pytest.raises(ValueError):
            perfusion_index(x, fs, win, thr)
        return
    pi, low = perfusion_index(x, fs, win, thr)
    want, want_low = oracle(x, fs, win, thr)
    assert np.allclose(pi, want, rtol=1e-12)
    assert low.tolist() == want_low.tolist()


@pytest.mark.parametrize("kwargs", [
    dict(ppg=np.ones((2, 50)), fs=25.0),
    dict(ppg=np.ones(100), fs=0.0),
    dict(ppg=np.ones(100), fs=-25.0, window_s=-2.0),
    dict(ppg=np.ones(100), fs=25.0, window_s=0.01),
    dict(ppg=np.ones(100), fs=25.0, window_s=0.0),
    dict(ppg=np.ones(49), fs=25.0),
    dict(ppg=np.r_[np.ones(50), -np.ones(50)], fs=25.0),
    dict(ppg=np.r_[np.ones(50), np.zeros(50)], fs=25.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        perfusion_index(**kwargs)
