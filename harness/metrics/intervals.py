"""Confidence intervals for per-item results: a percentile bootstrap for means, Wilson for rates.

The leaderboard reports a model's mean over items; with ~100 items that mean moves by several
points between equally good models, so every aggregate carries an interval. Items (not samples)
are the resampling unit: samples of one item are correlated, items are the draws from the
population of IoT tasks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Literal

import numpy as np

DEFAULT_CONFIDENCE = 0.95
DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 0

Method = Literal["auto", "bootstrap", "wilson"]


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")


def wilson_interval(
    successes: int, n: int, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion successes / n.

    Chosen over the normal (Wald) interval because it stays inside [0, 1] and keeps its coverage
    at rates near 0 or 1 and at small n, which is where pass rates of weak or strong models sit.
    """
    if n <= 0:
        raise ValueError(f"Wilson interval needs n >= 1 trials, got n={n}")
    if not 0 <= successes <= n:
        raise ValueError(f"Wilson interval needs 0 <= successes <= n, got {successes} of {n}")
    _check_confidence(confidence)
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    p = successes / n
    z2_n = z * z / n
    denominator = 1.0 + z2_n
    centre = (p + z2_n / 2.0) / denominator
    half_width = z * math.sqrt(p * (1.0 - p) / n + z2_n / (4.0 * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def _as_values(values: Sequence[float]) -> np.ndarray:
    data = np.asarray(values, dtype=float)
    if data.ndim != 1 or data.size == 0:
        raise ValueError(f"need a non-empty flat list of per-item values, got shape {data.shape}")
    if not np.all(np.isfinite(data)):
        raise ValueError("per-item values contain NaN or infinity; drop or fix those items first")
    return data


def bootstrap_interval(
    values: Sequence[float],
    confidence: float = DEFAULT_CONFIDENCE,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """Percentile-bootstrap interval for the mean of per-item values (scipy.stats.bootstrap).

    Seeded, so the same values always give the same interval. A single item has no spread to
    resample: the interval is then (value, value).
    """
    data = _as_values(values)
    _check_confidence(confidence)
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")
    if data.size == 1 or np.all(data == data[0]):
        return float(data[0]), float(data[0])
    from scipy.stats import bootstrap

    result = bootstrap(
        (data,),
        np.mean,
        n_resamples=n_resamples,
        confidence_level=confidence,
        method="percentile",
        random_state=np.random.default_rng(seed),
        vectorized=True,
    )
    low, high = result.confidence_interval
    return float(low), float(high)


def stratified_bootstrap_interval(
    groups: Sequence[Sequence[float]],
    confidence: float = DEFAULT_CONFIDENCE,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """Percentile-bootstrap interval for the mean of group means (every group weighs the same).

    Each resample draws every group's values with replacement within the group, takes the
    group means and averages them: the leaderboard headline weighs its splits equally, and a
    split of many items must not borrow precision from a split of few. Seeded.
    """
    data = [_as_values(group) for group in groups]
    if not data:
        raise ValueError("need at least one group of per-item values")
    _check_confidence(confidence)
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")
    rng = np.random.default_rng(seed)
    means = np.zeros(n_resamples)
    for values in data:
        picks = rng.integers(0, values.size, size=(n_resamples, values.size))
        means += values[picks].mean(axis=1)
    means /= len(data)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha], method="inverted_cdf")
    return float(low), float(high)


def confidence_interval(
    values: Sequence[float],
    confidence: float = DEFAULT_CONFIDENCE,
    method: Method = "auto",
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """(low, high) around the mean of per-item values.

    ``auto`` uses Wilson when every value is 0 or 1 (a rate: the item passed or not) and the
    bootstrap otherwise (pass@k, F1, BLEU, ... are bounded but not binary).
    """
    data = _as_values(values)
    binary = bool(np.all((data == 0.0) | (data == 1.0)))
    if method == "wilson" or (method == "auto" and binary):
        if not binary:
            raise ValueError("the Wilson interval needs 0/1 values; use method='bootstrap'")
        return wilson_interval(int(data.sum()), int(data.size), confidence)
    if method in ("auto", "bootstrap"):
        return bootstrap_interval(data.tolist(), confidence, n_resamples, seed)
    raise ValueError(f"unknown interval method {method!r}; expected auto, bootstrap or wilson")
