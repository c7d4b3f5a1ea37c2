"""The statistics of the regression gate: is a drop real, or sampling noise?

A model sampled at temperature 0.8 with n = 20 has a standard error near 0.11 on one item's pass
rate, so two runs of the same checkpoint differ item by item. The gate therefore asks two
questions of a drop, on the headline metric of each item (pass@1, F1, accuracy, ...):

* **significant**: for one item, a one-sided test on the item's per-sample values (Fisher's exact
  test for pass/fail, Mann-Whitney U otherwise) at `alpha / m`, m the number of compared items
  (Bonferroni); for a split or the whole run, the upper end of a one-sided paired Student-t
  interval of the mean per-item difference is below 0, at alpha / 2 for the headline and
  alpha / (2 x #splits) for each split (Bonferroni over the family; the headline weighs splits
  equally, as the leaderboard does, its variance summed over splits);
* **large**: the drop is more than the practical margin `tolerance` (absolute).

Deterministic runs (one sample on both sides, e.g. the oracle adapters) are compared exactly: any
drop beyond the tolerance counts. `benchmarks/gate.py` measures the false-alarm rate and the power.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

DEFAULT_ALPHA = 0.05
DEFAULT_TOLERANCE = 0.02
_EPS = 1e-12


def check_gate_settings(tolerance: float, alpha: float) -> None:
    """Raise ValueError (one line) unless the margin and the level are usable: NaN would switch
    the gate off silently, since every comparison with it is false."""
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"--tolerance must be a finite number >= 0, got {tolerance}")
    if not (np.isfinite(alpha) and 0 < alpha < 1):
        raise ValueError(f"--compare-alpha must be in (0, 1), got {alpha}")


def one_sided_p(before: Sequence[float], after: Sequence[float]) -> float:
    """P-value of "after is lower than before" from per-sample values of one item."""
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if b.size == 0 or a.size == 0:
        return 1.0
    if np.all((b == 0) | (b == 1)) and np.all((a == 0) | (a == 1)):
        table = [[int(b.sum()), int(b.size - b.sum())], [int(a.sum()), int(a.size - a.sum())]]
        return float(stats.fisher_exact(table, alternative="greater").pvalue)
    if np.ptp(np.concatenate([b, a])) == 0:
        return 1.0
    return float(stats.mannwhitneyu(b, a, alternative="greater").pvalue)


@dataclass(frozen=True)
class ItemDrop:
    """One item's headline change and whether it fails the gate on its own."""

    item_id: str
    split: str
    before: float
    after: float
    p_value: float  # 0 or 1 on the exact path
    exact: bool
    regressed: bool

    @property
    def delta(self) -> float:
        return self.after - self.before


def item_drop(
    item_id: str,
    split: str,
    before: Sequence[float],
    after: Sequence[float],
    *,
    tolerance: float,
    alpha: float,
    compared: int,
) -> ItemDrop:
    """Judge one item from its per-sample headline values in the base and the new run;
    `compared` is the number of items the gate compares (the Bonferroni factor)."""
    mean_b = float(np.mean(before)) if len(before) else 0.0
    mean_a = float(np.mean(after)) if len(after) else 0.0
    large = mean_b - mean_a > tolerance + _EPS
    if len(before) <= 1 and len(after) <= 1:
        return ItemDrop(item_id, split, mean_b, mean_a, float(not large), True, large)
    p = one_sided_p(before, after)
    return ItemDrop(item_id, split, mean_b, mean_a, p, False, large and p < alpha / compared)


@dataclass(frozen=True)
class GroupDrop:
    """The mean per-item headline difference of a split (or of the run) with its interval."""

    name: str  # a split, or "headline"
    items: int
    delta: float
    low: float  # the (1 - 2 * level) two-sided interval: its high end is one-sided at `level`
    high: float
    level: float
    regressed: bool


def group_drop(
    name: str,
    deltas: Mapping[str, Sequence[float]],
    *,
    tolerance: float,
    level: float,
) -> GroupDrop:
    """Paired per-item differences (new - base) grouped by split: the mean of the split means
    and its Student-t interval (each split's variance of the mean from the spread of its items'
    differences, Welch-Satterthwaite degrees of freedom). A drop regresses when it is larger
    than `tolerance` and the interval's upper end is below zero. The t interval, not a
    percentile bootstrap: a split of 8 items is too small for the bootstrap's tails (measured:
    7 % false alarms instead of at most 5 % in benchmarks/gate.py)."""
    groups = [np.asarray(values, dtype=float) for values in deltas.values() if len(values)]
    if not groups:
        return GroupDrop(name, 0, 0.0, 0.0, 0.0, level, False)
    k = len(groups)
    delta = float(np.mean([g.mean() for g in groups]))
    # the variance of each split's mean; a one-item split has no spread to measure it from
    parts = [g.var(ddof=1) / g.size / k**2 for g in groups if g.size > 1]
    variance = float(sum(parts))
    if variance <= 0:  # every difference is exact (deterministic runs) or unmeasurable
        low = high = delta
    else:
        dofs = [g.size - 1 for g in groups if g.size > 1]
        df = variance**2 / sum(v**2 / d for v, d in zip(parts, dofs, strict=True))
        half = float(stats.t.ppf(1 - level, df)) * variance**0.5
        low, high = delta - half, delta + half
    regressed = -delta > tolerance + _EPS and high < 0
    return GroupDrop(name, sum(g.size for g in groups), delta, low, high, level, regressed)
