import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import mel_filterbank


def naive(sr, n_fft, n_mels, fmin, fmax):
    mel = lambda f: 2595 * np.log10(1 + f / 700)
    inv = lambda m: 700 * (10 ** (m / 2595) - 1)
    lo, hi = mel(fmin), mel(fmax)
    pts = [inv(lo + (hi - lo) * i / (n_mels + 1)) for i in range(n_mels + 2)]
    W = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(n_mels):
        a, b, c = pts[m], pts[m + 1], pts[m + 2]
        for k in range(n_fft // 2 + 1):
            f = k * sr / n_fft
            if a < f <= b:
                W[m, k] = (f - a) / (b - a)
            elif b < f < c:
                W[m, k] = (c - f) / (c - b)
    return W


def test_default_shape_and_values():
    W = mel_filterbank(16000, 512)
    assert W.shape == (40, 257) and W.dtype == np.float64
    np.testing.assert_allclose(W, naive(16000, 512, 40, 0.0, 8000.0), atol=1e-10)
    assert W.max() <= 1.0 + 1e-12 and W.min() >= 0.0


def test_known_peak_position_and_mel_formula():
    # 3 filters between 0 and 2595*log10(1+4000/700) mel; check the centre frequencies
    W = mel_filterbank(8000, 8000, n_mels=3)          # 1 Hz bins: weights at integer Hz
    top = 2595 * np.log10(1 + 4000 / 700)
    centres = 700 * (10 ** (top * np.arange(1, 4) / 4 / 2595) - 1)
    for m in range(3):
        k = int(np.argmax(W[m]))
        assert abs(k - centres[m]) <= 1.0
    # a bin exactly on the first left edge (0 Hz) has weight 0
    assert W[0, 0] == 0.0


def test_fmin_fmax_limits():
    W = mel_filterbank(16000, 1024, n_mels=20, fmin=300.0, fmax=3400.0)
    f = np.arange(513) * 16000 / 1024
    assert np.all(W[:, f <= 300.0] == 0.0) and np.all(W[:, f >= 3400.0] == 0.0)
    np.testing.assert_allclose(W, naive(16000, 1024, 20, 300.0, 3400.0), atol=1e-10)
    # adjacent triangles overlap so that they sum to one between the first and last peaks
    s = W.sum(axis=0)
    mel = lambda x: 2595 * np.log10(1 + x / 700)
    inv = lambda m: 700 * (10 ** (m / 2595) - 1)
    pts = inv(np.linspace(mel(300.0), mel(3400.0), 22))
    inside = (f >= pts[1]) & (f <= pts[-2])
    np.testing.assert_allclose(s[inside], 1.0, atol=1e-9)


def test_fmax_equal_to_nyquist_allowed_and_single_filter():
    W = mel_filterbank(1000.0, 16, n_mels=1, fmin=0.0, fmax=500.0)
    np.testing.assert_allclose(W, naive(1000.0, 16, 1, 0.0, 500.0), atol=1e-12)
    W2 = mel_filterbank(1.0, 4, n_mels=1, fmin=0.0, fmax=0.5)
    np.testing.assert_allclose(W2, naive(1.0, 4, 1, 0.0, 0.5), atol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(sr=st.sampled_from([8000.0, 16000.0, 22050.0, 44100.0]), n_fft=st.integers(2, 300),
       n_mels=st.integers(1, 30), lo=st.floats(0, 0.4), hi=st.floats(0.5, 1.0))
def test_property_matches_naive(sr, n_fft, n_mels, lo, hi):
    fmin, fmax = lo * sr / 2, hi * sr / 2
    W = mel_filterbank(sr, n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    np.testing.assert_allclose(W, naive(sr, n_fft, n_mels, fmin, fmax), atol=1e-9)


@pytest.mark.parametrize("args,kwargs", [
    ((0.0, 512), {}), ((16000, 1), {}), ((16000, 512), {"n_mels": 0}), ((16000, 512), {"fmin": -1.0}),
    ((16000, 512), {"fmax": 8001.0}), ((16000, 512), {"fmin": 4000.0, "fmax": 4000.0}),
    ((16000, 512), {"fmin": 5000.0, "fmax": 4000.0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        mel_filterbank(*args, **kwargs)
