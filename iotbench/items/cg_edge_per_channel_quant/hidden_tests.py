import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import quantize_per_channel


def oracle(w, axis=0, num_bits=8):
    w = np.asarray(w, dtype=float)
    qmax = 2 ** (num_bits - 1) - 1
    ax = axis % w.ndim
    q = np.zeros(w.shape)
    scales, errors = [], []
    for c in range(w.shape[ax]):
        idx = [slice(None)] * w.ndim
        idx[ax] = c
        ch = w[tuple(idx)]
        m = np.abs(ch).max()
        s = m / qmax if m > 0 else 1.0
        qc = np.clip(np.rint(ch / s), -qmax, qmax)
        q[tuple(idx)] = qc
        scales.append(s)
        errors.append(np.abs(qc * s - ch).max())
    return q, np.array(scales), np.array(errors)


def test_known_channels_axis0():
    # channel 0: max 127/64 -> scale 1/64 exactly; channel 1 all zero -> scale 1
    w = np.array([[1.984375, -0.5, 0.5 / 64, 1.5 / 64],
                  [0.0, 0.0, 0.0, 0.0],
                  [-3.96875, 1.984375, 0.0, 0.03125]])
    q, scales, errors = quantize_per_channel(w)
    assert q.dtype == np.int8 and q.shape == (3, 4)
    assert scales.dtype == np.float64 and scales.shape == (3,)
    assert scales.tolist() == [1 / 64, 1.0, 1 / 32]
    assert q[0].tolist() == [127, -32, 0, 2]             # 0.5 -> 0 and 1.5 -> 2 (halves to even)
    assert q[1].tolist() == [0, 0, 0, 0]
    assert q[2].tolist() == [-127, 64, 0, 1]             # 63.5 -> 64
    assert errors[0] == pytest.approx(0.5 / 64, abs=1e-15)
    assert errors[1] == 0.0
    assert errors[2] == pytest.approx(0.5 / 32, abs=1e-15)


def test_narrow_range_never_uses_minus_128():
    w = np.array([[-1.0, 1.0, -0.999]])
    q, scales, _ = quantize_per_channel(w)
    assert q.min() == -127 and q.max() == 127
    assert scales[0] == pytest.approx(1 / 127)


def test_last_axis_hwio_layout():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 3, 2, 4)) * np.array([0.1, 1.0, 10.0, 0.0])   # channel 3 is all zero
    q, scales, errors = quantize_per_channel(w, axis=-1)
    want_q, want_s, want_e = oracle(w, axis=-1)
    assert q.shape == w.shape and scales.shape == (4,) and errors.shape == (4,)
    assert np.array_equal(q, want_q)
    assert np.allclose(scales, want_s, rtol=1e-12) and scales[3] == 1.0
    assert np.allclose(errors, want_e, rtol=1e-9, atol=1e-15)
    q3, s3, _e3 = quantize_per_channel(w, axis=3)
    assert np.array_equal(q3, q) and np.allclose(s3, scales)
    # each channel's peak maps to +-127
    assert np.all(np.abs(q[..., :3]).reshape(-1, 3).max(axis=0) == 127)


def test_middle_axis_and_1d():
    w = np.arange(24, dtype=float).reshape(2, 3, 4) - 11.5
    for axis in (1, -2, 0, 2):
        q, scales, errors = quantize_per_channel(w, axis=axis)
        want_q, want_s, want_e = oracle(w, axis=axis)
        assert np.array_equal(q, want_q), axis
        assert np.allclose(scales, want_s) and np.allclose(errors, want_e)
    q, scales, errors = quantize_per_channel(np.array([0.5, -2.0, 0.0]))   # one weight per channel
    assert q.tolist() == [127, -127, 0]
    assert np.allclose(scales, [0.5 / 127, 2 / 127, 1.0])
    assert np.allclose(errors, 0.0, atol=1e-15)


def test_list_input_and_single_weight():
    q, scales, errors = quantize_per_channel([[0.25, -0.125], [2.0, 1.0]], axis=1)
    assert q.tolist() == [[16, -16], [127, 127]]     # 0.25 * 127 / 2 = 15.875, -0.125 * 127 = -15.875
    assert np.allclose(scales, [2 / 127, 1 / 127])
    q, scales, errors = quantize_per_channel([[-0.5]])
    assert q.tolist() == [[-127]] and np.allclose(scales, [0.5 / 127]) and errors[0] < 1e-15


def test_other_bit_widths():
    w = np.array([[0.875, -0.4375, 0.125, 0.0625]])
    q, scales, errors = quantize_per_channel(w, num_bits=4)       # qmax = 7, scale = 0.125
    assert q.dtype == np.int8
    assert scales[0] == 0.125
    assert q.tolist() == [[7, -4, 1, 0]]                         # -3.5 -> -4, 0.5 -> 0
    assert errors[0] == pytest.approx(0.0625, abs=1e-15)
    q, scales, errors = quantize_per_channel(w, num_bits=16)      # qmax = 32767
    assert q.dtype == np.int16 and q[0, 0] == 32767
    q, scales, errors = quantize_per_channel(w, num_bits=2)       # qmax = 1, scale = 0.875
    assert q.tolist() == [[1, 0, 0, 0]]
    assert scales[0] == 0.875
    assert errors[0] == pytest.approx(0.4375, abs=1e-15)
    q, _, _ = quantize_per_channel(w, num_bits=9)                 # 9 bits no longer fits int8
    assert q.dtype == np.int16 and q[0, 0] == 255


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(4, 3), (2, 3, 5), (5,), (3, 1, 2, 2)]),
       bits=st.sampled_from([3, 8, 12]), data=st.data())
def test_matches_definition(seed, shape, bits, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    w = np.random.default_rng(seed).normal(size=shape)
    q, scales, errors = quantize_per_channel(w, axis=axis, num_bits=bits)
    want_q, want_s, want_e = oracle(w, axis, bits)
    assert np.array_equal(q, want_q)
    assert np.allclose(scales, want_s, rtol=1e-12)
    assert np.allclose(errors, want_e, rtol=1e-9, atol=1e-15)
    assert np.all(errors <= want_s / 2 + 1e-12)


@pytest.mark.parametrize("kwargs", [
    dict(w=np.float64(1.0)),
    dict(w=np.zeros((0, 3))),
    dict(w=np.array([1.0, np.nan])),
    dict(w=np.array([[np.inf, 1.0]])),
    dict(w=np.ones((2, 3)), axis=2),
    dict(w=np.ones((2, 3)), axis=-3),
    dict(w=np.ones((2, 3)), num_bits=1),
    dict(w=np.ones((2, 3)), num_bits=17),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        quantize_per_channel(**kwargs)
