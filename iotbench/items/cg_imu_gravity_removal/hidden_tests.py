import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import signal as sps

from candidate import remove_gravity


def oracle(acc, fs, cutoff=0.3, order=2):
    b, a = sps.butter(order, cutoff, btype="low", fs=fs)
    zi = sps.lfilter_zi(b, a)
    g = np.column_stack([sps.lfilter(b, a, acc[:, k], zi=zi * acc[0, k])[0] for k in range(3)])
    return acc - g, g


def tone_amplitude(y, fs, f):
    n = np.arange(y.size)
    return 2 * abs(np.sum(y * np.exp(-2j * np.pi * f * n / fs))) / y.size


def test_rest_gives_no_transient():
    acc = np.tile([1.0, 2.0, 9.5], (300, 1))
    linear, gravity = remove_gravity(acc, 100.0)
    assert linear.shape == (300, 3) and gravity.shape == (300, 3)
    assert linear.dtype == np.float64 and gravity.dtype == np.float64
    assert np.max(np.abs(linear)) < 1e-9
    assert np.max(np.abs(gravity - acc)) < 1e-9


def test_matches_causal_filter_definition():
    fs = 50.0
    rng = np.random.default_rng(0)
    acc = rng.normal(size=(500, 3)) + [0, 0, 9.81]
    linear, gravity = remove_gravity(acc, fs)
    want_l, want_g = oracle(acc, fs)
    assert np.allclose(gravity, want_g, atol=1e-9)
    assert np.allclose(linear, want_l, atol=1e-9)
    for cutoff, order in [(1.0, 2), (0.3, 4), (2.0, 1)]:
        _, g = remove_gravity(acc, fs, cutoff_hz=cutoff, order=order)
        assert np.allclose(g, oracle(acc, fs, cutoff, order)[1], atol=1e-9)


def test_filter_is_causal():
    fs = 50.0
    acc = np.tile([0.0, 0.0, 9.81], (400, 1))
    acc[300:, 0] += 5.0                      # a step at sample 300
    linear, gravity = remove_gravity(acc, fs)
    assert np.allclose(gravity[:300], acc[:300], atol=1e-9)   # nothing leaks backwards
    assert 0 < gravity[301, 0] < 0.1 and 3.0 < gravity[-1, 0] < 5.3


def test_motion_goes_to_linear_and_gravity_follows_slow_tilt():
    fs = 100.0
    t = np.arange(0, 60, 1 / fs)
    tilt = 2.0 * np.sin(2 * np.pi * 0.01 * t)          # very slow orientation change
    motion = 1.5 * np.sin(2 * np.pi * 5.0 * t)         # walking-like vibration
    acc = np.c_[tilt + motion, np.zeros_like(t), np.full_like(t, 9.81)]
    linear, gravity = remove_gravity(acc, fs)
    tail = slice(2000, None)
    assert tone_amplitude(linear[tail, 0], fs, 5.0) == pytest.approx(1.5, rel=0.01)
    assert np.max(np.abs(gravity[tail, 0] - tilt[tail])) < 0.2
    assert np.allclose(linear + gravity, acc)


def test_cutoff_gain_is_minus_3_db():
    fs = 20.0
    t = np.arange(0, 200, 1 / fs)
    acc = np.c_[np.sin(2 * np.pi * 0.3 * t), np.zeros_like(t), np.zeros_like(t)]
    _, gravity = remove_gravity(acc, fs)
    assert tone_amplitude(gravity[1000:, 0], fs, 0.3) == pytest.approx(2 ** -0.5, abs=0.01)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 200), fs=st.sampled_from([10.0, 52.0, 100.0]))
def test_sum_identity_and_definition(seed, n, fs):
    rng = np.random.default_rng(seed)
    acc = rng.normal(size=(n, 3)) * 3
    linear, gravity = remove_gravity(acc, fs)
    assert np.allclose(linear + gravity, acc)
    assert np.allclose(gravity, oracle(acc, fs)[1], atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((10, 2)), fs=50.0),
    dict(acc=np.zeros((0, 3)), fs=50.0),
    dict(acc=np.zeros(30), fs=50.0),
    dict(acc=np.zeros((10, 3)), fs=0.0),
    dict(acc=np.zeros((10, 3)), fs=-50.0),
    dict(acc=np.zeros((10, 3)), fs=50.0, cutoff_hz=0.0),
    dict(acc=np.zeros((10, 3)), fs=50.0, cutoff_hz=25.0),
    dict(acc=np.zeros((10, 3)), fs=0.5),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        remove_gravity(**kwargs)
