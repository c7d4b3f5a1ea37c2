import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import correct_drift


def _run(*args):
    out = correct_drift(*args)
    assert len(out) == 3
    c, off, rate = out
    c = np.asarray(c)
    assert c.dtype == np.float64
    return c, float(off), float(rate)


def test_pure_linear_drift_removed():
    t = np.arange(0.0, 1000.0, 10.0)
    truth = 400.0 + 5.0 * np.sin(t / 100.0)
    values = truth + 2.0 + 0.01 * t
    rt = np.array([0.0, 500.0, 990.0])
    ry = 400.0 + 5.0 * np.sin(rt / 100.0)
    c, off, rate = _run(t, values, rt, ry)
    assert off == pytest.approx(2.0, abs=1e-9)
    assert rate == pytest.approx(0.01, abs=1e-12)
    np.testing.assert_allclose(c, truth, atol=1e-9)


def test_interpolates_between_samples():
    t = np.array([0.0, 10.0, 20.0])
    values = np.array([1.0, 3.0, 5.0])
    # sensor at t = 5 is 2.0, reference says 1.0 -> error 1; at t = 15: 4.0 vs 4.0 -> 0
    c, off, rate = _run(t, values, [5.0, 15.0], [1.0, 4.0])
    assert rate == pytest.approx(-0.1, abs=1e-12)
    assert off == pytest.approx(1.5, abs=1e-12)
    np.testing.assert_allclose(c, values - (1.5 - 0.1 * t), atol=1e-12)


def test_least_squares_with_noisy_checks():
    t = np.linspace(100.0, 5000.0, 50)
    values = 20.0 + 0.001 * t
    rt = np.array([200.0, 1300.0, 2500.0, 3100.0, 4800.0])
    ry = np.array([19.7, 20.9, 21.6, 22.9, 24.1])
    err = np.interp(rt, t, values) - ry
    rate, off = np.polyfit(rt, err, 1)
    c, o, r = _run(t, values, rt, ry)
    assert o == pytest.approx(off, abs=1e-8)
    assert r == pytest.approx(rate, abs=1e-12)
    np.testing.assert_allclose(c, values - (off + rate * t), atol=1e-8)


def test_single_check_is_constant_offset():
    t = np.array([0.0, 60.0, 120.0, 180.0])
    values = np.array([10.0, 11.0, 12.0, 13.0])
    c, off, rate = _run(t, values, [90.0], [10.0])
    assert rate == 0.0
    assert off == pytest.approx(1.5, abs=1e-12)
    np.testing.assert_allclose(c, values - 1.5, atol=1e-12)
    # repeated checks at one time: mean error
    c, off, rate = _run(t, values, [60.0, 60.0], [10.0, 10.5])
    assert rate == 0.0
    assert off == pytest.approx(0.75, abs=1e-12)


def test_two_samples_and_plain_lists():
    c, off, rate = _run([0.0, 10.0], [1.0, 2.0], [5.0], [1.0])
    assert off == pytest.approx(0.5, abs=1e-12) and rate == 0.0
    np.testing.assert_allclose(c, [0.5, 1.5], atol=1e-12)
    c, off, rate = _run([0.0, 10.0, 20.0], [1.0, 2.0, 3.0], [0.0, 20.0], [0.0, 4.0])
    assert off == pytest.approx(1.0, abs=1e-12) and rate == pytest.approx(-0.1, abs=1e-12)
    np.testing.assert_allclose(c, [0.0, 2.0, 4.0], atol=1e-12)


def test_checks_at_record_ends_are_allowed():
    t = np.array([5.0, 6.0, 7.0])
    c, off, rate = _run(t, [1.0, 1.0, 1.0], [5.0, 7.0], [0.0, 0.0])
    assert off == pytest.approx(1.0, abs=1e-12) and rate == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(c, 0.0, atol=1e-12)


@pytest.mark.parametrize("args", [
    ([0.0, 1.0, 2.0], [1.0, 2.0], [1.0], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1.0, 1.5], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [], []),
    ([0.0, 1.0, 1.0], [1.0, 2.0, 3.0], [0.5], [1.0]),
    ([0.0, 2.0, 1.0], [1.0, 2.0, 3.0], [0.5], [1.0]),
    ([1.0], [1.0], [1.0], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, np.nan, 3.0], [0.5], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [0.5], [np.inf]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [-0.5], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.5], [1.0]),
    ([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [np.nan], [1.0]),
])
def test_invalid_raises(args):
    with pytest.raises(ValueError):
        correct_drift(*[np.asarray(a, float) for a in args])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.floats(-5, 5), st.floats(-1e-3, 1e-3),
       st.lists(st.floats(0, 86400), min_size=2, max_size=6, unique=True))
def test_recovers_linear_drift(offset, rate, checks):
    t = np.linspace(0.0, 86400.0, 97)
    truth = 50.0 + 10.0 * np.cos(2 * np.pi * t / 86400.0)
    values = truth + offset + rate * t
    rt = np.array(checks)
    if np.ptp(rt) < 100.0:
        return
    ry = np.interp(rt, t, truth)
    c, off, r = _run(t, values, rt, ry)
    assert off == pytest.approx(offset, abs=1e-6)
    assert r == pytest.approx(rate, abs=1e-10)
    np.testing.assert_allclose(c, truth, atol=1e-6)
