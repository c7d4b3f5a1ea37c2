"""The regression gate: compare a run's item metrics with a baseline results file.

Used by CI after an adapter retrain (`pytest iotbench --model X --compare BASE.json`). Quality
metrics (higher is better: pass@k, F1, accuracy, BLEU, ...) regress when they drop by more than the
absolute tolerance. Measurements that depend on the machine (latency, memory, seconds) are shown but
never gate. An item whose version differs from the baseline's cannot be compared and says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from harness.results import ItemRecord, read_results

DEFAULT_TOLERANCE = 0.02
_UNGATED_SUFFIXES = ("_ms", "_mb", "_seconds", "_s")
# Counts and complexity where lower is better: shown, never gated (no [0, 1] scale to gate on).
_UNGATED = frozenset({"bugs", "security", "smells", "cc_mean", "cc_max", "maintainability_index"})


def is_gated(metric: str) -> bool:
    """Whether a drop in `metric` can fail the gate: quality scores where higher is better.

    Machine-dependent measurements (latency, memory) and issue counts (lower is better) are
    reported beside the gated metrics but never fail it.
    """
    return not (
        metric.endswith(_UNGATED_SUFFIXES) or metric in _UNGATED or metric.startswith("security_")
    )


@dataclass(frozen=True)
class MetricChange:
    metric: str
    before: float
    after: float
    regressed: bool

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class ItemComparison:
    item_id: str
    changes: tuple[MetricChange, ...]
    problem: str = ""  # set when the item cannot be compared (version changed)

    @property
    def regressed(self) -> bool:
        return bool(self.problem) or any(c.regressed for c in self.changes)

    def table(self) -> str:
        """A readable before/after table of this item's metrics."""
        if self.problem:
            return f"{self.item_id}: {self.problem}"
        width = max([len(c.metric) for c in self.changes] + [6])
        lines = [f"{'metric':<{width}}  {'before':>9}  {'after':>9}  {'change':>9}"]
        for c in self.changes:
            flag = "  REGRESSED" if c.regressed else ""
            lines.append(
                f"{c.metric:<{width}}  {c.before:>9.4f}  {c.after:>9.4f}  {c.delta:>+9.4f}{flag}"
            )
        return "\n".join(lines)


class Baseline:
    """The items of a baseline results file, by id."""

    def __init__(self, path: Path, tolerance: float = DEFAULT_TOLERANCE) -> None:
        if not (math.isfinite(tolerance) and tolerance >= 0):  # NaN would turn the gate off
            raise ValueError(f"--tolerance must be a finite number >= 0, got {tolerance}")
        self.path = path
        self.tolerance = tolerance
        data = read_results(path)
        self.model: str = data["model"]
        self.items: dict[str, ItemRecord] = {item["id"]: item for item in data["items"]}

    def compare(self, item: ItemRecord) -> ItemComparison | None:
        """Compare one item dict of a results file; None if the baseline lacks the item."""
        base = self.items.get(item["id"])
        if base is None:
            return None
        if base["version"] != item["version"]:
            return ItemComparison(
                item["id"],
                (),
                f"item version changed (v{base['version']} in "
                f"{self.path.name}, v{item['version']} now); the baseline "
                "cannot be compared: re-run it on this version",
            )
        changes = []
        for metric in sorted(set(base["metrics"]) & set(item["metrics"])):
            before, after = float(base["metrics"][metric]), float(item["metrics"][metric])
            regressed = is_gated(metric) and before - after > self.tolerance + 1e-12
            changes.append(MetricChange(metric, before, after, regressed))
        return ItemComparison(item["id"], tuple(changes))
