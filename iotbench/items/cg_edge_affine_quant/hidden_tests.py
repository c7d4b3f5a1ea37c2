import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import quantize_affine


def oracle(x, num_bits=8, signed=True):
    x = np.asarray(x, dtype=float)
    qmin, qmax = (-(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1) if signed else (0, 2 ** num_bits - 1)
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = (hi - lo) / (qmax - qmin) or 1.0
    zp = round(qmin - lo / scale)
    return np.clip(np.rint(x / scale) + zp, qmin, qmax).astype(np.int32), scale, zp


def test_signed_exact_scale_and_ties():
    # lo = -1, hi = 2.984375: range 255/64, so scale = 1/64 exactly; zp = round(-128 + 64) = -64
    x = np.array([-1.0, 0.0, 1.0, 2.984375, 0.5 / 64, 1.5 / 64, -0.5 / 64, 2.5 / 64])
    q, scale, zp = quantize_affine(x)
    assert scale == pytest.approx(1 / 64, rel=1e-12)
    assert int(zp) == -64
    assert q.dtype == np.int32 and q.shape == x.shape
    # halves go to even: 0.5 -> 0, 1.5 -> 2, -0.5 -> 0, 2.5 -> 2
    assert q.tolist() == [-128, -64, 0, 127, -64, -62, -64, -62]


def test_all_positive_data_widened_to_zero():
    x = np.array([0.5, 3.984375, 64.5 / 64, 65.5 / 64, 1.0])
    q, scale, zp = quantize_affine(x, signed=False)      # lo = 0 -> zp = 0, scale = 1/64
    assert scale == pytest.approx(1 / 64, rel=1e-12) and int(zp) == 0
    assert q.tolist() == [32, 255, 64, 66, 64]
    q, scale, zp = quantize_affine(x)                    # signed: zp = round(-128 - 0) = -128
    assert int(zp) == -128
    assert q.tolist() == [-96, 127, -64, -62, -64]


def test_all_negative_data():
    x = np.array([-3.984375, -1.0, -0.25])
    q, scale, zp = quantize_affine(x)                    # hi = 0, scale = 1/64, zp = 127
    assert scale == pytest.approx(1 / 64, rel=1e-12) and int(zp) == 127
    assert q.tolist() == [-128, 63, 111]
    q, scale, zp = quantize_affine(x, signed=False)      # zp = round(0 + 255) = 255
    assert int(zp) == 255 and q.tolist() == [0, 191, 239]


def test_zero_tensor_uses_unit_scale():
    q, scale, zp = quantize_affine(np.zeros((2, 3)))
    assert scale == 1.0 and int(zp) == -128
    assert q.shape == (2, 3) and np.all(q == -128)
    q, scale, zp = quantize_affine([0.0], signed=False)
    assert scale == 1.0 and int(zp) == 0 and q.tolist() == [0]


def test_zero_point_rounds_half_to_even():
    # lo = -1, hi = 1: lo / scale = -127.5 (up to float error) -> round(-0.5) = 0
    x = np.array([-1.0, 1.0, 0.0])
    q, scale, zp = quantize_affine(x)
    assert scale == pytest.approx(2 / 255, rel=1e-12)
    want = oracle(x)
    assert int(zp) == want[2]
    assert q.tolist() == want[0].tolist()
    assert q[2] == zp


def test_other_widths():
    # 4-bit signed: qmin -8, qmax 7, 15 steps; lo = -0.5, hi = 3.25 -> scale 0.25, zp = -6
    x = np.array([-0.5, 3.25, 0.125, 0.375, 1.0])
    q, scale, zp = quantize_affine(x, num_bits=4)
    assert scale == pytest.approx(0.25) and int(zp) == -6
    assert q.tolist() == [-8, 7, -6, -4, -2]
    # 2-bit unsigned: 0 ... 3, lo = 0, hi = 3 -> scale 1
    q, scale, zp = quantize_affine([0.0, 1.5, 2.5, 3.0], num_bits=2, signed=False)
    assert scale == 1.0 and int(zp) == 0 and q.tolist() == [0, 2, 2, 3]
    # 16-bit signed
    q, scale, zp = quantize_affine([-1.0, 1.0], num_bits=16)
    assert q.tolist() == [-32768, 32767]
    assert scale == pytest.approx(2 / 65535, rel=1e-12)


def test_shape_and_list_input():
    x = [[0.25, -0.75], [1.5, 0.0]]
    q, scale, zp = quantize_affine(x)
    want_q, want_s, want_zp = oracle(x)
    assert q.shape == (2, 2) and q.dtype == np.int32
    assert np.array_equal(q, want_q)
    assert scale == pytest.approx(want_s, rel=1e-12) and int(zp) == want_zp


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60), bits=st.sampled_from([3, 4, 8, 12]),
       signed=st.booleans(), offset=st.floats(-5, 5))
def test_matches_definition_and_error_bound(seed, n, bits, signed, offset):
    x = np.random.default_rng(seed).normal(size=n) * 2 + offset
    q, scale, zp = quantize_affine(x, num_bits=bits, signed=signed)
    want_q, want_s, want_zp = oracle(x, bits, signed)
    assert np.array_equal(q, want_q)
    assert scale == pytest.approx(want_s, rel=1e-12) and int(zp) == want_zp
    recon = (q.astype(float) - zp) * scale
    assert np.all(np.abs(recon - x) <= scale * 0.5 + 1e-9 * max(1.0, np.abs(x).max()))


@pytest.mark.parametrize("kwargs", [
    dict(x=np.array([])),
    dict(x=np.array([1.0, np.nan])),
    dict(x=np.array([1.0, np.inf])),
    dict(x=np.array([-np.inf, 0.0])),
    dict(x=np.ones(3), num_bits=1),
    dict(x=np.ones(3), num_bits=17),
    dict(x=np.ones(3), num_bits=0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        quantize_affine(**kwargs)
