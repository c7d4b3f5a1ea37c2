import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import to_q_format


def test_q1_14_known_values():
    # w = 16: range -32768 ... 32767, one LSB = 1/16384
    lsb = 1 / 16384
    x = np.array([1.0, -1.0, 0.25, -2.0, 0.0, 1.999])
    q, n = to_q_format(x, 1, 14)
    assert q.dtype == np.int64 and q.shape == (6,)
    # 1.999 * 16384 = 32751.616 -> 32752
    assert q.tolist() == [16384, -16384, 4096, -32768, 0, 32752]
    assert int(n) == 0
    q, n = to_q_format([0.5 * lsb, -0.5 * lsb, 1.5 * lsb, 2.5 * lsb, -2.5 * lsb], 1, 14)
    assert q.tolist() == [1, -1, 2, 3, -3]            # halves away from zero, not to even
    assert int(n) == 0


def test_saturation_counts_rounded_values():
    lsb = 1 / 16384
    q, n = to_q_format([2.0, -2.0 - lsb, 5.0, -7.5], 1, 14)
    assert q.tolist() == [32767, -32768, 32767, -32768]
    assert int(n) == 4
    q, n = to_q_format([2.0 - 0.3 * lsb], 1, 14)     # 32767.7 rounds to 32768: saturated
    assert q.tolist() == [32767] and int(n) == 1
    q, n = to_q_format([2.0 - 0.6 * lsb], 1, 14)     # 32767.4 rounds to 32767: not saturated
    assert q.tolist() == [32767] and int(n) == 0
    q, n = to_q_format([-2.0 - 0.4 * lsb], 1, 14)    # -32768.4 rounds to -32768: not saturated
    assert q.tolist() == [-32768] and int(n) == 0
    q, n = to_q_format([-2.0 - 0.5 * lsb], 1, 14)    # -32768.5 rounds to -32769: saturated
    assert q.tolist() == [-32768] and int(n) == 1


def test_q7_int8_and_shapes():
    x = np.array([[0.99, -1.0], [1.0, -0.00390625]])   # Q0.7, w = 8
    q, n = to_q_format(x, 0, 7)
    # 0.99 * 128 = 126.72 -> 127; -1 -> -128; 1 -> 128 saturates; -0.5 -> -1
    assert q.shape == (2, 2)
    assert q.tolist() == [[127, -128], [127, -1]]
    assert int(n) == 1


def test_integer_only_and_scalar():
    q, n = to_q_format([3.5, -3.5, 2.49, 100.0, -9.0], 3, 0)     # w = 4: -8 ... 7
    assert q.tolist() == [4, -4, 2, 7, -8] and int(n) == 2
    q, n = to_q_format(0.75, 0, 2)                             # w = 3: -4 ... 3
    assert np.asarray(q).shape == () and int(q) == 3 and int(n) == 0
    q, n = to_q_format([0.2, -0.7, 0.0], 0, 0)                 # w = 1: -1 ... 0
    assert q.tolist() == [0, -1, 0] and int(n) == 0
    q, n = to_q_format([0.5, -1.5], 0, 0)
    assert q.tolist() == [0, -1] and int(n) == 2


def test_wide_words():
    q, n = to_q_format([1.0, -1.0, 0.1], 0, 31)                # w = 32 (Q31)
    assert q.tolist() == [2 ** 31 - 1, -(2 ** 31), round(0.1 * 2 ** 31)]
    assert int(n) == 1
    q, n = to_q_format([1000.25, -1000.75], 15, 16)            # Q15.16
    assert q.tolist() == [65552384, -65585152] and int(n) == 0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), m=st.integers(0, 6), f=st.integers(0, 20))
def test_error_bound_and_range(seed, m, f):
    x = np.random.default_rng(seed).normal(size=40) * 2 ** m
    q, n = to_q_format(x, m, f)
    w = 1 + m + f
    assert np.all(q >= -(2 ** (w - 1))) and np.all(q <= 2 ** (w - 1) - 1)
    raw = x * 2.0 ** f
    ok = (raw > -(2 ** (w - 1)) - 0.5) & (raw < 2 ** (w - 1) - 0.5)
    assert int(n) == np.count_nonzero(~ok)
    assert np.all(np.abs(q[ok] / 2.0 ** f - x[ok]) <= 2.0 ** -(f + 1) + 1e-12)
    want = np.sign(raw) * np.floor(np.abs(raw) + 0.5)
    assert np.array_equal(q[ok], want[ok])


@pytest.mark.parametrize("kwargs", [
    dict(x=[1.0], int_bits=-1, frac_bits=8),
    dict(x=[1.0], int_bits=2, frac_bits=-3),
    dict(x=[1.0], int_bits=16, frac_bits=16),
    dict(x=[1.0], int_bits=0, frac_bits=32),
    dict(x=[1.0, np.nan], int_bits=1, frac_bits=14),
    dict(x=[np.inf], int_bits=1, frac_bits=14),
    dict(x=[-np.inf], int_bits=1, frac_bits=14),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        to_q_format(**kwargs)
