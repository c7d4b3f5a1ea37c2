import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import sanitize_csi_phase

K80211N = np.r_[np.arange(-28, 0), np.arange(1, 29)]


def wrap(p):
    return np.angle(np.exp(1j * p))


def expected(true_phase, k):
    a = (true_phase[..., -1] - true_phase[..., 0]) / (k[-1] - k[0])
    d = true_phase - a[..., None] * k
    return d - d.mean(axis=-1, keepdims=True)


def test_pure_linear_error_is_removed():
    for slope, offset in [(0.3, 1.0), (-0.9, -2.5), (1.4, 3.0)]:
        raw = wrap(slope * K80211N + offset)
        out = sanitize_csi_phase(raw, K80211N)
        assert out.dtype == np.float64 and out.shape == (56,)
        np.testing.assert_allclose(out, 0.0, atol=1e-9)


def test_known_answer_with_true_phase_single_packet():
    rng = np.random.default_rng(0)
    true = 0.4 * np.sin(K80211N / 6.0) + 0.05 * rng.normal(size=56)
    raw = wrap(true + 0.7 * K80211N - 1.2)
    out = sanitize_csi_phase(raw, K80211N)
    np.testing.assert_allclose(out, expected(true, K80211N), atol=1e-9)


def test_known_answer_default_indices_non_symmetric():
    # default k = 0..S-1; offset must make the result zero-mean (not just subtract mean(phi))
    true = np.array([0.0, 0.5, 0.2, -0.3, 0.1, 0.9, 0.4, 0.0])
    raw = wrap(true + 1.1 * np.arange(8) + 2.0)
    out = sanitize_csi_phase(raw)
    np.testing.assert_allclose(out, expected(true, np.arange(8.0)), atol=1e-9)
    assert abs(out.mean()) < 1e-9


def test_matrix_packets_are_independent():
    rng = np.random.default_rng(3)
    T = 20
    true = 0.3 * rng.normal(size=(T, 56)).cumsum(axis=1) / 5.0
    slopes = rng.uniform(-1.2, 1.2, size=(T, 1))
    offsets = rng.uniform(-np.pi, np.pi, size=(T, 1))
    raw = wrap(true + slopes * K80211N + offsets)
    out = sanitize_csi_phase(raw, K80211N)
    assert out.shape == (T, 56)
    np.testing.assert_allclose(out, expected(true, K80211N), atol=1e-8)
    # single-packet calls agree with the batch
    np.testing.assert_allclose(sanitize_csi_phase(raw[5], K80211N), out[5], atol=1e-12)


def test_uneven_index_spacing():
    k = np.array([-58, -54, -50, -30, -2, 2, 30, 50, 54, 58])
    true = np.array([0.1, -0.2, 0.3, 0.0, 0.2, -0.1, 0.4, 0.0, -0.3, 0.2])
    raw = wrap(true + 0.05 * k + 0.3)
    np.testing.assert_allclose(sanitize_csi_phase(raw, k), expected(true, k.astype(float)), atol=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), slope=st.floats(-1.3, 1.3), offset=st.floats(-10, 10),
       n=st.integers(2, 64))
def test_property_invariant_to_linear_error(seed, slope, offset, n):
    rng = np.random.default_rng(seed)
    true = np.cumsum(rng.uniform(-0.25, 0.25, size=n))
    k = np.arange(n) - n // 2
    clean = sanitize_csi_phase(wrap(true), k)
    dirty = sanitize_csi_phase(wrap(true + slope * k + offset), k)
    np.testing.assert_allclose(dirty, clean, atol=1e-8)
    np.testing.assert_allclose(dirty, expected(true, k.astype(float)), atol=1e-8)


@pytest.mark.parametrize("args", [
    (np.zeros(1),),
    (np.zeros((3, 1)),),
    (np.zeros((2, 3, 4)),),
    (np.zeros(5), np.arange(4)),
    (np.zeros(4), np.array([0])),
    (np.zeros(4), np.array([0, 1, 1, 2])),
    (np.zeros(4), np.array([3, 2, 1, 0])),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        sanitize_csi_phase(*args)
