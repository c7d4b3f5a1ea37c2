"""The regression gate: compare a run with a baseline results file.

Used by CI after an adapter retrain (`pytest iotbench --model X --compare BASE.json`). Each item's
headline metric is judged by `harness.gate` (a drop must be significant and larger than the
tolerance; deterministic one-sample runs are compared exactly, and there every quality metric
gates), and so are each split and the whole run (`Baseline.gate`). Measurements that depend on
the machine (latency, memory, seconds) and issue counts are shown but never gate. An item whose
version or content differs from the baseline's cannot be compared and says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.gate import (
    DEFAULT_ALPHA,
    DEFAULT_TOLERANCE,
    GroupDrop,
    ItemDrop,
    check_gate_settings,
    group_drop,
    item_drop,
)
from harness.results import SPLITS, ItemRecord, ResultsFile, read_results

__all__ = ["DEFAULT_ALPHA", "DEFAULT_TOLERANCE", "Baseline", "GateReport", "ItemComparison"]
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


def sample_values(item: ItemRecord) -> list[float]:
    """The item's headline metric per sample: pass = 1 / else 0 for pass@1, the sample's own
    value otherwise (0 where a sample has none, e.g. a program that crashed)."""
    headline = item.get("headline", "pass@1")
    samples = item.get("samples") or []
    if not samples:  # an old or trimmed file: the item's mean stands for its one sample
        return [float(item["metrics"].get(headline, 0.0))]
    if headline == "pass@1":
        return [1.0 if s["status"] == "pass" else 0.0 for s in samples]
    return [float(s["metrics"].get(headline, 0.0)) for s in samples]


@dataclass(frozen=True)
class ItemComparison:
    item_id: str
    changes: tuple[MetricChange, ...]
    problem: str = ""  # set when the item cannot be compared (version or content changed)
    drop: ItemDrop | None = None  # the headline's verdict (None when it cannot be compared)

    @property
    def regressed(self) -> bool:
        return bool(self.problem) or any(c.regressed for c in self.changes)

    def table(self) -> str:
        """A readable before/after table of this item's metrics."""
        if self.problem:
            return f"{self.item_id}: {self.problem}"
        width = max([len(c.metric) for c in self.changes] + [6])
        lines = []
        if self.drop is not None and not self.drop.exact:
            lines.append(
                f"headline {self.drop.before:.4f} -> {self.drop.after:.4f}, one-sided "
                f"p = {self.drop.p_value:.3g} (significant below alpha / items compared)"
            )
        lines.append(f"{'metric':<{width}}  {'before':>9}  {'after':>9}  {'change':>9}")
        for c in self.changes:
            flag = "  REGRESSED" if c.regressed else ""
            lines.append(
                f"{c.metric:<{width}}  {c.before:>9.4f}  {c.after:>9.4f}  {c.delta:>+9.4f}{flag}"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class GateReport:
    """The gate over the items both runs share: per split and for the headline."""

    groups: tuple[GroupDrop, ...]  # each split present, then "headline"
    items: tuple[ItemDrop, ...]  # largest drop first
    refused: tuple[str, ...]  # items that cannot be compared, with the reason
    note: str = ""  # e.g. the runs were scored on different hidden data

    @property
    def regressed(self) -> bool:
        return bool(self.refused) or any(g.regressed for g in self.groups)

    def lines(self) -> list[str]:
        """A plain-text report: one line per group, then the items that dropped."""
        out = [self.note] if self.note else []
        for g in self.groups:
            verdict = "REGRESSED" if g.regressed else "ok"
            out.append(
                f"{g.name:<14} {g.items:>4} items  change {g.delta:+.4f}  "
                f"[{g.low:+.4f}, {g.high:+.4f}] ({1 - 2 * g.level:.0%})  {verdict}"
            )
        out += [f"{reason}" for reason in self.refused]
        for d in self.items:
            if d.delta < 0:
                flag = "  REGRESSED" if d.regressed else ""
                test = "exact" if d.exact else f"p = {d.p_value:.3g}"
                out.append(f"  {d.item_id}: {d.before:.3f} -> {d.after:.3f} ({test}){flag}")
        return out

    def markdown(self, base_name: str) -> str:
        """A before/after table for a CI job summary (e.g. $GITHUB_STEP_SUMMARY)."""
        rows = [
            f"### IoTBench regression gate against `{base_name}`",
            "",
            "| scope | items | change | interval | verdict |",
            "|---|---:|---:|---|---|",
        ]
        for g in self.groups:
            rows.append(
                f"| {g.name} | {g.items} | {g.delta:+.4f} | [{g.low:+.4f}, {g.high:+.4f}] | "
                f"{'**regressed**' if g.regressed else 'ok'} |"
            )
        dropped = [d for d in self.items if d.delta < 0][:20]
        if dropped:
            rows += ["", "| item | before | after | test | verdict |", "|---|---:|---:|---|---|"]
            for d in dropped:
                test = "exact" if d.exact else f"p = {d.p_value:.3g}"
                verdict = "**regressed**" if d.regressed else "ok"
                rows.append(
                    f"| {d.item_id} | {d.before:.3f} | {d.after:.3f} | {test} | {verdict} |"
                )
        if self.note:
            rows += ["", self.note]
        return "\n".join(rows) + "\n"


class Baseline:
    """The items of a baseline results file, by id, and the gate's settings."""

    def __init__(
        self, path: Path, tolerance: float = DEFAULT_TOLERANCE, alpha: float = DEFAULT_ALPHA
    ) -> None:
        check_gate_settings(tolerance, alpha)
        self.path = path
        self.tolerance = tolerance
        self.alpha = alpha
        data: ResultsFile = read_results(path)
        self.model: str = data["model"]
        self.data_seed: int | None = data.get("data_seed")
        self.data: dict[str, str] = dict(data.get("data", {}))
        self.items: dict[str, ItemRecord] = {item["id"]: item for item in data["items"]}

    def check_data(self, data: dict[str, str]) -> None:
        """Raise ValueError (one line) when the run reads other data sources than the base."""
        if data != self.data:
            raise ValueError(
                f"{self.path.name} was scored on data {self.data or 'synthetic'}, this run on "
                f"{data or 'synthetic'}: runs on different data sources cannot be compared"
            )

    def _problem(self, base: ItemRecord, item: ItemRecord) -> str:
        if base["version"] != item["version"]:
            return (
                f"item version changed (v{base['version']} in {self.path.name}, "
                f"v{item['version']} now); the baseline cannot be compared: re-run it on this "
                "version"
            )
        if base["content_hash"] != item["content_hash"]:
            return (
                f"item content changed (hash {base['content_hash'][:12]} in {self.path.name}, "
                f"{item['content_hash'][:12]} now) without a version change; re-run the baseline"
            )
        return ""

    def compare(self, item: ItemRecord) -> ItemComparison | None:
        """Compare one item dict of a results file; None if the baseline lacks the item."""
        base = self.items.get(item["id"])
        if base is None:
            return None
        problem = self._problem(base, item)
        if problem:
            return ItemComparison(item["id"], (), problem)
        drop = item_drop(
            item["id"],
            item.get("split", ""),
            sample_values(base),
            sample_values(item),
            tolerance=self.tolerance,
            alpha=self.alpha,
            compared=max(1, len(self.items)),
        )
        changes = []
        for metric in sorted(set(base["metrics"]) & set(item["metrics"])):
            before, after = float(base["metrics"][metric]), float(item["metrics"][metric])
            if drop.exact:  # deterministic runs: every quality metric gates, exactly
                regressed = is_gated(metric) and before - after > self.tolerance + 1e-12
            else:  # sampled runs: only the headline, and only a significant drop
                regressed = metric == item.get("headline", "pass@1") and drop.regressed
            changes.append(MetricChange(metric, before, after, regressed))
        return ItemComparison(item["id"], tuple(changes), drop=drop)

    def gate(self, items: Sequence[ItemRecord], data_seed: int | None = None) -> GateReport:
        """The gate over the items of a run that the baseline also has."""
        by_split: dict[str, list[float]] = defaultdict(list)
        drops, refused = [], []
        for item in items:
            comparison = self.compare(item)
            if comparison is None:
                continue
            if comparison.problem:
                refused.append(f"{item['id']}: {comparison.problem}")
                continue
            assert comparison.drop is not None
            drops.append(comparison.drop)
            by_split[comparison.drop.split].append(comparison.drop.delta)
        splits = [s for s in SPLITS if s in by_split] + sorted(set(by_split) - set(SPLITS))
        # Bonferroni over the family: half of alpha for the headline, half shared by the splits
        level = self.alpha / 2 / max(1, len(splits))
        groups = [
            group_drop(s, {s: by_split[s]}, tolerance=self.tolerance, level=level) for s in splits
        ]
        half = self.alpha / 2
        groups.append(group_drop("headline", by_split, tolerance=self.tolerance, level=half))
        note = ""
        if data_seed is not None and self.data_seed is not None and data_seed != self.data_seed:
            note = (
                f"hidden data differ (data seed {self.data_seed} in {self.path.name}, {data_seed} "
                "now): the runs are compared through their intervals, not on the same data"
            )
        ordered = tuple(sorted(drops, key=lambda d: d.delta))
        return GateReport(tuple(groups), ordered, tuple(refused), note)


def pick_baseline(path: Path, model: str) -> Path:
    """`path` itself, or for a results directory its newest run of `model` (ValueError if none)."""
    if not path.is_dir():
        return path
    runs = []
    for candidate in sorted(path.glob("*.json")):
        try:
            data = read_results(candidate)
        except ValueError:
            continue
        if data["model"] == model:
            runs.append((data["created_at"], candidate))
    if not runs:
        raise ValueError(f"{path}: no results file of model {model!r} to compare with")
    return max(runs)[1]
