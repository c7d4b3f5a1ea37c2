import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import range_profile

C = 3.0e8
FS = 10e6
SLOPE = 30e12          # 30 MHz/us


def beat_signal(ranges_m, amps, n=256, fs=FS, slope=SLOPE, seed=0, noise=0.0, dc=0.0):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / fs
    x = dc + noise * rng.normal(size=n)
    for r, a in zip(ranges_m, amps):
        x = x + a * np.cos(2 * np.pi * (2 * slope * r / C) * t + rng.uniform(0, 2 * np.pi))
    return x


def naive_profile(x, n_fft):
    n = len(x)
    w = np.array([0.5 - 0.5 * np.cos(2 * np.pi * i / (n - 1)) for i in range(n)])
    y = np.zeros(n_fft)
    y[:n] = (x - np.mean(x)) * w
    k = np.arange(n_fft // 2 + 1)
    X = np.exp(-2j * np.pi * np.outer(k, np.arange(n_fft)) / n_fft) @ y
    return 2 * np.abs(X) / w.sum()


def test_target_at_5m():
    x = beat_signal([5.0], [1.0], noise=0.05, dc=3.0)
    r, ranges, prof = range_profile(x, FS, SLOPE)
    res = C * FS / (2 * SLOPE * 256)
    assert isinstance(r, float)
    assert ranges.shape == (129,) and prof.shape == (129,)
    assert abs(r - 5.0) <= res / 2 + 1e-9
    np.testing.assert_allclose(ranges, np.arange(129) * res, rtol=1e-12)


def test_zero_padding_refines_and_amplitude_scaling():
    # target exactly on a bin of the 1024-point grid: range bin 100 -> 100 * res1024
    res = C * FS / (2 * SLOPE * 1024)
    x = beat_signal([100 * res], [2.5], dc=-7.0)
    r, ranges, prof = range_profile(x, FS, SLOPE, n_fft=1024)
    assert r == pytest.approx(100 * res, abs=1e-9)
    assert prof.shape == (513,)
    assert prof[100] == pytest.approx(2.5, rel=0.02)
    assert prof[0] < 0.05          # mean removed


def test_strongest_of_two_targets():
    x = beat_signal([3.0, 12.0], [0.4, 1.2], seed=2, noise=0.02)
    r, _, _ = range_profile(x, FS, SLOPE, n_fft=2048)
    assert abs(r - 12.0) < 0.05


def test_dc_bin_is_never_the_target():
    # a pure DC offset (no reflection): the profile is flat zero, so the first non-DC bin wins
    x = np.full(64, 5.0)
    r, ranges, p = range_profile(x, FS, SLOPE)
    np.testing.assert_allclose(p, 0.0, atol=1e-12)
    assert r == pytest.approx(ranges[1]) and r > 0


def test_profile_matches_definition_with_transient():
    n = 256
    x = 40.0 * np.exp(-np.arange(n) / 15.0) + beat_signal([8.0], [0.3], n=n, seed=4)
    r, _, p = range_profile(x, FS, SLOPE)
    np.testing.assert_allclose(p, naive_profile(x, n), rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 64), pad=st.integers(0, 70))
def test_property_matches_definition(seed, n, pad):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) * 3 + rng.uniform(-5, 5)
    fs, slope = rng.uniform(1e6, 2e7), rng.uniform(5e12, 1e14)
    r, ranges, prof = range_profile(x, fs, slope, n_fft=n + pad)
    exp = naive_profile(x, n + pad)
    np.testing.assert_allclose(prof, exp, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ranges, C * np.arange(len(exp)) * fs / (2 * slope * (n + pad)), rtol=1e-12)
    if len(exp) > 1:
        tail = exp[1:]
        best = 1 + np.argmax(tail)
        if np.sort(tail)[-1] - (np.sort(tail)[-2] if len(tail) > 1 else 0) > 1e-9:
            assert r == pytest.approx(ranges[best], rel=1e-12)


def test_list_input_and_default_fft_length():
    r, ranges, prof = range_profile([0.0, 1.0, 0.0, -1.0] * 8, 4.0, 1.5e8)
    assert prof.shape == (17,)
    # tone at fs/4 -> bin 8 -> r = c * 8 * 4 / (2 * 1.5e8 * 32)
    assert r == pytest.approx(1.0)
    # small (but positive) fs and slope are valid
    r2, _, _ = range_profile([0.0, 1.0, 0.0, -1.0] * 8, 0.5, 0.75)
    assert r2 == pytest.approx(C * 8 * 0.5 / (2 * 0.75 * 32))


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((4, 4)), FS, SLOPE), {}),
    ((np.ones(2), FS, SLOPE), {}),
    ((np.ones(16), 0.0, SLOPE), {}),
    ((np.ones(16), FS, -1.0), {}),
    ((np.ones(16), FS, 0.0), {}),
    ((np.ones(16), FS, SLOPE), {"n_fft": 15}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        range_profile(*args, **kwargs)
