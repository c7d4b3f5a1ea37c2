"""Tests for harness.metrics.passk.pass_at_k (the unbiased estimator, product form)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.metrics.passk import pass_at_k


def exact(n: int, c: int, k: int) -> Fraction:
    """1 - C(n-c, k) / C(n, k) in exact rational arithmetic."""
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


@st.composite
def nck(draw: st.DrawFn, max_n: int = 60) -> tuple[int, int, int]:
    n = draw(st.integers(1, max_n))
    return n, draw(st.integers(0, n)), draw(st.integers(1, n))


# --- hand-computed values ------------------------------------------------------------------


def test_one_correct_of_five_at_1() -> None:
    # 1 - C(4,1)/C(5,1) = 1 - 4/5 = 0.2
    assert pass_at_k(5, 1, 1) == pytest.approx(0.2, abs=1e-12)


def test_two_correct_of_five_at_2() -> None:
    # 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7
    assert pass_at_k(5, 2, 2) == pytest.approx(0.7, abs=1e-12)


def test_three_correct_of_twenty_at_5() -> None:
    # C(17,5) = 17·16·15·14·13/120 = 6188; C(20,5) = 20·19·18·17·16/120 = 15504
    # 1 - 6188/15504 = 9316/15504 ≈ 0.600877
    assert math.comb(17, 5) == 6188
    assert math.comb(20, 5) == 15504
    assert pass_at_k(20, 3, 5) == pytest.approx(1 - 6188 / 15504, abs=1e-12)
    assert pass_at_k(20, 3, 5) == pytest.approx(0.600877, abs=1e-6)


@pytest.mark.parametrize("k", [1, 5, 10])
def test_no_correct_sample_gives_zero(k: int) -> None:
    # c = 0: C(10,k)/C(10,k) = 1, so pass@k = 0 exactly (the product is empty)
    assert pass_at_k(10, 0, k) == 0.0


@pytest.mark.parametrize(("n", "c", "k"), [(5, 4, 2), (5, 5, 1), (10, 6, 5), (3, 1, 3), (1, 1, 1)])
def test_fewer_wrong_than_k_gives_one(n: int, c: int, k: int) -> None:
    # n - c < k: every draw of k samples contains a correct one
    assert pass_at_k(n, c, k) == 1.0


def test_boundary_n_minus_c_equals_k() -> None:
    # n=6, c=3, k=3: 1 - C(3,3)/C(6,3) = 1 - 1/20 = 0.95
    assert pass_at_k(6, 3, 3) == pytest.approx(0.95, abs=1e-12)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "c", "k", "message"),
    [
        (3, 1, 5, r"pass@5 needs 1 <= k <= n, got n=3"),
        (5, 1, 0, r"pass@0 needs 1 <= k <= n"),
        (5, 1, -1, r"pass@-1 needs 1 <= k <= n"),
        (0, 0, 1, r"pass@1 needs 1 <= k <= n, got n=0"),
        (5, 6, 1, r"needs 0 <= c <= n, got n=5, c=6"),
        (5, -1, 1, r"needs 0 <= c <= n, got n=5, c=-1"),
    ],
    ids=["k>n", "k=0", "k<0", "n=0", "c>n", "c<0"],
)
def test_invalid_arguments(n: int, c: int, k: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pass_at_k(n, c, k)


# --- properties ----------------------------------------------------------------------------


@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_pass_at_1_is_fraction_correct(nc: tuple[int, int]) -> None:
    n, c = nc
    assert pass_at_k(n, c, 1) == pytest.approx(c / n, rel=1e-9, abs=1e-12)


@given(nck())
def test_within_unit_interval(case: tuple[int, int, int]) -> None:
    assert 0.0 <= pass_at_k(*case) <= 1.0


@given(nck())
def test_monotone_in_k(case: tuple[int, int, int]) -> None:
    n, c, k = case
    if k < n:
        assert pass_at_k(n, c, k) <= pass_at_k(n, c, k + 1)


@given(nck())
def test_monotone_in_c(case: tuple[int, int, int]) -> None:
    n, c, k = case
    if c < n:
        assert pass_at_k(n, c, k) <= pass_at_k(n, c + 1, k)


@given(nck())
def test_agrees_with_binomial_formula(case: tuple[int, int, int]) -> None:
    n, c, k = case
    direct = 1 - math.comb(n - c, k) / math.comb(n, k)
    assert pass_at_k(n, c, k) == pytest.approx(direct, abs=1e-12)


@given(nck(max_n=2000))
def test_stable_for_large_n(case: tuple[int, int, int]) -> None:
    n, c, k = case
    value = pass_at_k(n, c, k)
    assert math.isfinite(value)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(float(exact(n, c, k)), abs=1e-9)


@pytest.mark.parametrize(("c", "k"), [(1, 1000), (1000, 1000), (3, 10), (1999, 1), (1, 1999)])
def test_large_n_against_exact(c: int, k: int) -> None:
    # C(2000, 1000) has 600 digits: float(math.comb(2000, 1000)) overflows, the product does not
    n = 2000
    assert pass_at_k(n, c, k) == pytest.approx(float(exact(n, c, k)), abs=1e-9)
