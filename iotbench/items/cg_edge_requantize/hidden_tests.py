import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import requantize


def oracle(acc, m, zp, qmin=-128, qmax=127):
    m0, e = math.frexp(m)
    shift = -e
    qm = round(m0 * 2 ** 31)
    if qm == 2 ** 31:
        qm, shift = 2 ** 30, shift - 1
    n = 31 + shift
    out = []
    for a in np.asarray(acc).ravel().tolist():
        p = a * qm
        r = (abs(p) + 2 ** (n - 1)) // 2 ** n
        r = -r if p < 0 else r
        out.append(min(qmax, max(qmin, r + zp)))
    return np.array(out).reshape(np.shape(acc)), qm, shift


def test_quarter_multiplier_rounding():
    # M = 0.25 = 0.5 * 2**-1: qm = 2**30, shift = 1, so the scaled value is a / 4
    out, qm, shift = requantize([6, -6, 5, -5, -10, 10, 2, -2, 0], 0.25, 0)
    assert qm == 2 ** 30 and shift == 1
    assert out.dtype == np.int32
    # 1.5 -> 2, -1.5 -> -2, 1.25 -> 1, -1.25 -> -1, -2.5 -> -3, 2.5 -> 3, 0.5 -> 1, -0.5 -> -1
    assert out.tolist() == [2, -2, 1, -1, -3, 3, 1, -1, 0]


def test_three_quarters_and_zero_point():
    out, qm, shift = requantize(np.array([2, -2, 1, -1, 100]), 0.75, 10)
    assert qm == 1610612736 and shift == 0                  # round(0.75 * 2**31)
    # 1.5 -> 2, -1.5 -> -2, 0.75 -> 1, -0.75 -> -1, 75; plus 10
    assert out.tolist() == [12, 8, 11, 9, 85]


def test_saturation_and_custom_range():
    out, _, _ = requantize([1000, -1000, 400, -400], 0.5, -5)     # 500, -500, 200, -200
    assert out.tolist() == [127, -128, 127, -128]
    out, _, _ = requantize([1000, -1000, 400, 20], 0.5, -5, qmin=0, qmax=255)
    assert out.tolist() == [255, 0, 195, 5]
    out, _, _ = requantize([254, 256, 252], 0.5, 0, qmin=-127, qmax=127)
    assert out.tolist() == [127, 127, 126]
    out, _, _ = requantize([-254, -256], 0.5, 0, qmin=-127, qmax=127)
    assert out.tolist() == [-127, -127]
    out, _, _ = requantize([7, -7, 9], 0.5, 3, qmin=4, qmax=4)   # a single allowed value
    assert out.tolist() == [4, 4, 4]


def test_multiplier_rounding_to_even():
    out, qm, shift = requantize([1, -1], 0.5 + 2 ** -32, 0)       # M0 * 2**31 = 2**30 + 0.5
    assert qm == 2 ** 30 and shift == 0
    assert out.tolist() == [1, -1]                             # exactly 0.5 -> away from zero
    out, qm, shift = requantize([1, 3], 0.5 + 3 * 2 ** -32, 0)    # 2**30 + 1.5 -> 2**30 + 2
    assert qm == 2 ** 30 + 2 and shift == 0
    assert out.tolist() == [1, 2]
    out, qm, shift = requantize([1000, 1500], 0.001, 0)
    assert shift == 9 and qm == round(0.001 * 2 ** 9 * 2 ** 31)
    assert out.tolist() == [1, 2]


def test_multiplier_rounding_up_to_one():
    out, qm, shift = requantize([100, -3, 7], 1 - 2 ** -40, 0)
    assert qm == 2 ** 30 and shift == -1
    assert out.tolist() == [100, -3, 7]
    out, qm, shift = requantize([100, -3, 7], 0.5 * (1 - 2 ** -40), 1)
    assert qm == 2 ** 30 and shift == 0
    assert out.tolist() == [51, -1, 5]                       # 50, -1.5 -> -2, 3.5 -> 4; plus 1


def test_large_accumulators_are_exact():
    a = np.array([2 ** 31 - 1, -(2 ** 31), 123456789], dtype=np.int64)
    out, _qm, _shift = requantize(a, 0.9999, 0, qmin=-(2 ** 31), qmax=2 ** 31 - 1)
    want, _, _ = oracle(a, 0.9999, 0, -(2 ** 31), 2 ** 31 - 1)
    assert out.tolist() == want.tolist()
    out, _, _ = requantize(a, 2 ** -20, 0)
    assert out.tolist() == [127, -128, 118]                 # 123456789 / 2**20 = 117.74 -> 118


def test_shape_is_kept():
    acc = np.arange(-12, 12).reshape(2, 3, 4) * 37
    out, qm, shift = requantize(acc, 0.0123, -3)
    want, wqm, wshift = oracle(acc, 0.0123, -3)
    assert out.shape == (2, 3, 4) and (qm, shift) == (wqm, wshift)
    assert np.array_equal(out, want)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(m=st.floats(1e-6, 0.999999), zp=st.integers(-128, 127),
       acc=st.lists(st.integers(-(2 ** 31), 2 ** 31 - 1), min_size=1, max_size=20))
def test_matches_definition(m, zp, acc):
    out, qm, shift = requantize(acc, m, zp)
    want, wqm, wshift = oracle(acc, m, zp)
    assert (qm, shift) == (wqm, wshift)
    assert out.tolist() == want.tolist()
    assert 2 ** 30 <= qm < 2 ** 31
    # close to the real-valued result where it is not saturated
    real = np.array(acc, dtype=float) * m + zp
    inside = (real > -127) & (real < 126)
    assert np.all(np.abs(out[inside] - real[inside]) <= 0.5 + 1e-6)


@pytest.mark.parametrize("m, qmin, qmax", [
    (0.0, -128, 127), (1.0, -128, 127), (1.5, -128, 127), (-0.25, -128, 127),
    (0.5, 10, 9),
])
def test_invalid_input_raises(m, qmin, qmax):
    with pytest.raises(ValueError):
        requantize([1, 2], m, 0, qmin=qmin, qmax=qmax)
