"""Confidence intervals: Wilson against hand-computed values, bootstrap by its properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.metrics.intervals import (
    bootstrap_interval,
    confidence_interval,
    stratified_bootstrap_interval,
    wilson_interval,
)


def test_wilson_eight_of_ten_matches_hand_computation() -> None:
    # z = 1.959964 (95 %), p = 0.8, n = 10, z²/n = 0.384146
    # centre = (p + z²/2n) / (1 + z²/n) = 0.992073 / 1.384146 = 0.716740
    # half   = z * sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
    #        = 1.959964 * sqrt(0.016 + 0.009604) / 1.384146 = 0.226578
    # interval = (0.490162, 0.943318)
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.490162, abs=1e-5)
    assert high == pytest.approx(0.943318, abs=1e-5)


def test_wilson_at_the_edges() -> None:
    # 0 of 10: (0, z²/(n+z²)) = (0, 3.841459/13.841459); 10 of 10: (n/(n+z²), 1)
    assert wilson_interval(0, 10) == pytest.approx((0.0, 3.841459 / 13.841459), abs=1e-6)
    assert wilson_interval(10, 10) == pytest.approx((10 / 13.841459, 1.0), abs=1e-6)


def test_wilson_widens_with_confidence() -> None:
    low90, high90 = wilson_interval(8, 10, confidence=0.90)
    low99, high99 = wilson_interval(8, 10, confidence=0.99)
    assert low99 < low90 < 0.8 < high90 < high99


@pytest.mark.parametrize(
    ("successes", "n", "confidence", "needle"),
    [(1, 0, 0.95, "n >= 1"), (11, 10, 0.95, "successes <= n"), (5, 10, 1.0, "confidence")],
)
def test_wilson_rejects_bad_input(successes: int, n: int, confidence: float, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        wilson_interval(successes, n, confidence)


VALUES = [0.2, 0.9, 0.4, 0.75, 0.1, 0.6, 0.55, 0.3]


def test_bootstrap_contains_mean_and_is_seeded() -> None:
    low, high = bootstrap_interval(VALUES, seed=7)
    assert low < float(np.mean(VALUES)) < high
    assert min(VALUES) <= low and high <= max(VALUES)
    assert bootstrap_interval(VALUES, seed=7) == (low, high)
    assert bootstrap_interval(VALUES, seed=8) != (low, high)


def test_bootstrap_narrows_with_more_items() -> None:
    low, high = bootstrap_interval(VALUES)
    low_many, high_many = bootstrap_interval(VALUES * 8)
    # same mean and spread, 8x the items: width shrinks roughly by sqrt(8) ≈ 2.8
    assert (high_many - low_many) < (high - low) / 2


def test_bootstrap_single_item_and_constant_values() -> None:
    assert bootstrap_interval([0.4]) == (0.4, 0.4)
    assert bootstrap_interval([0.3, 0.3, 0.3]) == (0.3, 0.3)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=2, max_size=30))
def test_bootstrap_interval_brackets_the_mean(values: list[float]) -> None:
    low, high = bootstrap_interval(values, n_resamples=200)
    mean = math.fsum(values) / len(values)
    assert min(values) - 1e-12 <= low <= mean + 1e-9
    assert mean - 1e-9 <= high <= max(values) + 1e-12


def test_auto_uses_wilson_for_binary_values() -> None:
    outcomes = [1.0] * 8 + [0.0] * 2
    assert confidence_interval(outcomes) == wilson_interval(8, 10)
    assert confidence_interval(VALUES) == bootstrap_interval(VALUES)
    assert confidence_interval(outcomes, method="bootstrap") == bootstrap_interval(outcomes)


@pytest.mark.parametrize(
    ("values", "method", "needle"),
    [
        ([], "auto", "non-empty"),
        ([0.5, float("nan")], "auto", "NaN"),
        ([0.5, 0.2], "wilson", "0/1 values"),
        ([0.5, 0.2], "normal", "unknown interval method"),
    ],
)
def test_confidence_interval_rejects_bad_input(
    values: list[float], method: str, needle: str
) -> None:
    with pytest.raises(ValueError, match=needle):
        confidence_interval(values, method=method)  # type: ignore[arg-type]


def test_stratified_bootstrap_matches_the_exact_resampling_distribution() -> None:
    # Group A = [0, 0, 0, 1]: its resampled mean is Binomial(4, 1/4) / 4, with
    # P(0) = 0.316, P(1/4) = 0.422, P(1/2) = 0.211, P(3/4) = 0.047, P(1) = 0.004; cumulative
    # 0.316, 0.738, 0.949, 0.996. Group B = [1, 1] always resamples to 1. The statistic is
    # (mean A + 1) / 2, so its 2.5 % quantile is (0 + 1) / 2 and its 97.5 % quantile (the first
    # value whose cumulative probability reaches 0.975) is (3/4 + 1) / 2.
    low, high = stratified_bootstrap_interval([[0, 0, 0, 1], [1, 1]], n_resamples=20000)
    assert (low, high) == (0.5, 0.875)


def test_stratified_bootstrap_weighs_groups_not_items() -> None:
    # 100 items at 1 and one item at 0: the item mean is 0.99, the group mean 0.5, and the
    # second group (a single item) never varies, so the interval is the point 0.5.
    assert stratified_bootstrap_interval([[1.0] * 100, [0.0]]) == (0.5, 0.5)
    with pytest.raises(ValueError, match="at least one group"):
        stratified_bootstrap_interval([])
