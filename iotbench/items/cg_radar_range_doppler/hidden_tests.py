import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import range_doppler_map

C = 3.0e8
FS, SLOPE, TC, FC = 10e6, 30e12, 60e-6, 77e9
LAM = C / FC


def simulate(targets, M=64, N=128, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    n = np.arange(N)
    m = np.arange(M)[:, None]
    x = noise * (rng.normal(size=(M, N)) + 1j * rng.normal(size=(M, N)))
    for r, v, a in targets:
        fb = 2 * SLOPE * r / C
        fd = 2 * v / LAM
        x = x + a * np.exp(2j * np.pi * (fb * n / FS + fd * m * TC))
    return x


def naive_map(x):
    M, N = x.shape
    wn = np.array([0.5 - 0.5 * np.cos(2 * np.pi * i / (N - 1)) for i in range(N)])
    wm = np.array([0.5 - 0.5 * np.cos(2 * np.pi * i / (M - 1)) for i in range(M)])
    Fn = np.exp(-2j * np.pi * np.outer(np.arange(N), np.arange(N)) / N)
    fm = np.arange(M) - M // 2
    Fm = np.exp(-2j * np.pi * np.outer(fm, np.arange(M)) / M)
    return np.abs(Fm @ ((x * wn) @ Fn.T * wm[:, None]))


def test_single_moving_target():
    x = simulate([(7.0, 1.5, 1.0)], noise=0.05)
    rd, ranges, vel, r, v = range_doppler_map(x, FS, SLOPE, TC)
    assert rd.shape == (64, 128) and ranges.shape == (128,) and vel.shape == (64,)
    dr = C * FS / (2 * SLOPE * 128)
    dv = LAM / (2 * 64 * TC)
    assert abs(r - 7.0) <= dr / 2 + 1e-9
    assert abs(v - 1.5) <= dv / 2 + 1e-9
    assert isinstance(r, float) and isinstance(v, float)


def test_axes_values():
    x = simulate([(2.0, 0.0, 1.0)], M=16, N=32)
    rd, ranges, vel, r, v = range_doppler_map(x, FS, SLOPE, TC, carrier_freq=60e9)
    np.testing.assert_allclose(ranges, np.arange(32) * C * FS / (2 * SLOPE * 32), rtol=1e-12)
    np.testing.assert_allclose(vel, (np.arange(16) - 8) / (16 * TC) * (C / 60e9) / 2, rtol=1e-12)
    assert v == 0.0


def test_axes_odd_chirp_count_default_carrier_and_small_parameters():
    x = simulate([(2.0, 0.0, 1.0)], M=7, N=8)
    _, ranges, vel, _, _ = range_doppler_map(x, FS, SLOPE, TC)
    np.testing.assert_allclose(vel, (np.arange(7) - 3) / (7 * TC) * (C / 77e9) / 2, rtol=1e-13)
    # small positive parameters are valid
    _, ranges, vel, _, _ = range_doppler_map(x, 0.5, 0.25, 0.5, 0.75)
    np.testing.assert_allclose(ranges, np.arange(8) * C * 0.5 / (2 * 0.25 * 8), rtol=1e-12)
    np.testing.assert_allclose(vel, (np.arange(7) - 3) / (7 * 0.5) * (C / 0.75) / 2, rtol=1e-12)


def test_approaching_target_has_negative_velocity_and_on_grid_values():
    M, N = 32, 64
    dr = C * FS / (2 * SLOPE * N)
    dv = LAM / (2 * M * TC)
    x = simulate([(20 * dr, -5 * dv, 2.0), (40 * dr, 3 * dv, 1.0)], M=M, N=N)
    rd, ranges, vel, r, v = range_doppler_map(x, FS, SLOPE, TC)
    assert r == pytest.approx(20 * dr, rel=1e-9)
    assert v == pytest.approx(-5 * dv, rel=1e-9)
    # on-grid tone: peak magnitude = A * sum(w_N) * sum(w_M)
    assert rd[M // 2 - 5, 20] == pytest.approx(2.0 * np.hanning(N).sum() * np.hanning(M).sum(), rel=1e-6)
    assert rd[M // 2 + 3, 40] == pytest.approx(1.0 * np.hanning(N).sum() * np.hanning(M).sum(), rel=1e-6)


def test_map_matches_direct_dft_odd_sizes():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(7, 9)) + 1j * rng.normal(size=(7, 9))
    rd, *_ = range_doppler_map(x, FS, SLOPE, TC)
    np.testing.assert_allclose(rd, naive_map(x), rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), M=st.integers(2, 12), N=st.integers(2, 12))
def test_property_peak_is_argmax_of_map(seed, M, N):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(M, N)) + 1j * rng.normal(size=(M, N))
    rd, ranges, vel, r, v = range_doppler_map(x, FS, SLOPE, TC)
    exp = naive_map(x)
    np.testing.assert_allclose(rd, exp, rtol=1e-9, atol=1e-12)
    flat = np.sort(exp.ravel())
    if flat[-1] - flat[-2] > 1e-9:
        i, k = np.unravel_index(np.argmax(exp), exp.shape)
        assert r == pytest.approx(ranges[k]) and v == pytest.approx(vel[i])


def test_two_targets_strongest_wins():
    x = simulate([(4.0, -2.0, 0.5), (15.0, 3.0, 1.5)], noise=0.02, seed=5)
    _, _, _, r, v = range_doppler_map(x, FS, SLOPE, TC)
    dr = C * FS / (2 * SLOPE * 128)
    dv = LAM / (2 * 64 * TC)
    assert abs(r - 15.0) <= dr / 2 + 1e-9 and abs(v - 3.0) <= dv / 2 + 1e-9


@pytest.mark.parametrize("args", [
    (np.ones(16, complex), FS, SLOPE, TC),
    (np.ones((1, 16), complex), FS, SLOPE, TC),
    (np.ones((16, 1), complex), FS, SLOPE, TC),
    (np.ones((4, 4), complex), 0.0, SLOPE, TC),
    (np.ones((4, 4), complex), FS, -SLOPE, TC),
    (np.ones((4, 4), complex), FS, SLOPE, 0.0),
    (np.ones((4, 4), complex), FS, SLOPE, TC, -1.0),
    (np.ones((4, 4), complex), FS, 0.0, TC),
    (np.ones((4, 4), complex), FS, SLOPE, TC, 0.0),
    (np.ones((4, 4), complex), FS, SLOPE, -TC),
    (np.ones((4, 4), complex), -FS, SLOPE, TC),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        range_doppler_map(*args)
