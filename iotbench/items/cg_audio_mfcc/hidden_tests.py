import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import mfcc_from_power


def filters(sr, n_fft, n_mels, fmin, fmax):
    mel = lambda f: 2595 * np.log10(1 + f / 700)
    inv = lambda m: 700 * (10 ** (m / 2595) - 1)
    pts = [inv(mel(fmin) + (mel(fmax) - mel(fmin)) * i / (n_mels + 1)) for i in range(n_mels + 2)]
    W = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(n_mels):
        a, b, c = pts[m], pts[m + 1], pts[m + 2]
        for k in range(n_fft // 2 + 1):
            f = k * sr / n_fft
            W[m, k] = max(0.0, min((f - a) / (b - a), (c - f) / (c - b)))
    return W


def dct2_ortho(x):
    n = x.shape[-1]
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    basis = np.cos(np.pi * k * (2 * i + 1) / (2 * n)) * np.sqrt(2.0 / n)
    basis[0] /= np.sqrt(2.0)
    return x @ basis.T


def expected(p, sr, n_mfcc=13, n_mels=26, fmin=0.0, fmax=None):
    fmax = sr / 2 if fmax is None else fmax
    W = filters(sr, 2 * (p.shape[1] - 1), n_mels, fmin, fmax)
    return dct2_ortho(np.log(p @ W.T + 1e-10))[:, :n_mfcc]


def speech_like_power(seed=0, frames=20, bins=257):
    rng = np.random.default_rng(seed)
    env = np.exp(-np.arange(bins) / 60.0)
    return (rng.exponential(size=(frames, bins)) * env) ** 1.0 * rng.uniform(0.1, 10, size=(frames, 1))


def test_default_parameters_match_definition():
    p = speech_like_power()
    m = mfcc_from_power(p, 16000)
    assert m.shape == (20, 13) and m.dtype == np.float64
    np.testing.assert_allclose(m, expected(p, 16000), rtol=1e-7, atol=1e-7)


def test_gain_only_changes_c0():
    p = speech_like_power(1)
    a = mfcc_from_power(p, 16000, n_mfcc=20, n_mels=40)
    b = mfcc_from_power(p * 10.0, 16000, n_mfcc=20, n_mels=40)
    # log(10 E) = log E + log 10 on every band -> only c0 moves, by sqrt(n_mels) * log 10
    np.testing.assert_allclose(b[:, 0] - a[:, 0], np.sqrt(40) * np.log(10.0), rtol=1e-6)
    np.testing.assert_allclose(b[:, 1:], a[:, 1:], atol=1e-6)


def test_silence_uses_log_floor():
    m = mfcc_from_power(np.zeros((2, 129)), 8000, n_mfcc=3, n_mels=10)
    np.testing.assert_allclose(m[:, 0], np.sqrt(10) * np.log(1e-10), rtol=1e-9)
    np.testing.assert_allclose(m[:, 1:], 0.0, atol=1e-9)


def test_band_limits_and_small_sizes():
    p = speech_like_power(2, frames=5, bins=129)
    m = mfcc_from_power(p, 8000, n_mfcc=5, n_mels=12, fmin=100.0, fmax=3800.0)
    np.testing.assert_allclose(m, expected(p, 8000, 5, 12, 100.0, 3800.0), rtol=1e-7, atol=1e-7)
    m = mfcc_from_power(p, 8000, n_mfcc=12, n_mels=12, fmax=4000.0)
    np.testing.assert_allclose(m, expected(p, 8000, 12, 12, 0.0, 4000.0), rtol=1e-7, atol=1e-7)
    q = np.ones((1, 2))
    np.testing.assert_allclose(mfcc_from_power(q, 0.5, n_mfcc=1, n_mels=1),
                               expected(q, 0.5, 1, 1), rtol=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), bins=st.integers(2, 80), n_mels=st.integers(1, 20), data=st.data())
def test_property_matches_definition(seed, bins, n_mels, data):
    n_mfcc = data.draw(st.integers(1, n_mels))
    rng = np.random.default_rng(seed)
    p = rng.exponential(size=(3, bins)) * 10.0 ** rng.uniform(-3, 3)
    m = mfcc_from_power(p, 16000.0, n_mfcc=n_mfcc, n_mels=n_mels)
    np.testing.assert_allclose(m, expected(p, 16000.0, n_mfcc, n_mels), rtol=1e-7, atol=1e-6)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones(10), 16000), {}), ((np.ones((3, 1)), 16000), {}), ((-np.ones((3, 10)), 16000), {}),
    ((np.ones((3, 10)), 0.0), {}), ((np.ones((3, 10)), 16000), {"n_mfcc": 0}),
    ((np.ones((3, 10)), 16000), {"n_mfcc": 27}), ((np.ones((3, 10)), 16000), {"fmin": -5.0}),
    ((np.ones((3, 10)), 16000), {"fmax": 9000.0}), ((np.ones((3, 10)), 16000), {"fmin": 8000.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        mfcc_from_power(*args, **kwargs)
