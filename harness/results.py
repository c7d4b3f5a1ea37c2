"""Results of one run: per-sample outcomes, per-item aggregates, and the results JSON file.

The results file (``schema_version`` 2) is a `ResultsFile`; the typed dicts below document it
field by field, and everything that reads or writes the file (the session, the leaderboard, the
regression gate) passes it around in this typed form. Files of schema 1 (before item splits and
data seeds) are still read: their items get the split of their kind and pass@1 as headline.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypedDict, cast

from harness.metrics.intervals import confidence_interval, stratified_bootstrap_interval
from harness.metrics.passk import pass_at_k
from harness.status import Status

SCHEMA_VERSION = 2
READABLE_SCHEMAS = (1, 2)
PASS_AT = (1, 5, 10)
# Splits in leaderboard order; an item's split is in its record (schema 1: from its kind).
SPLITS = ("spec", "task", "applications", "decomposition")
_KIND_SPLIT = {"codegen": "spec", "application": "applications", "decomposition": "decomposition"}


class ResultsError(ValueError):
    """A results file that cannot be read; the message names the file and field."""


class SampleRecord(TypedDict):
    """``items[].samples[]``: one completion's outcome."""

    sample_idx: int
    status: str  # one of harness.status.Status
    metrics: dict[str, float]
    reason: str
    wall_seconds: float
    extraction: str  # how the code or text was taken from the raw completion


class ItemRecord(TypedDict):
    """``items[]``: one item's outcome (list sorted by id)."""

    id: str
    version: int
    kind: str
    domain: str
    split: str  # one of SPLITS
    # The metric that stands for the item in its split's score and the headline (pass@1 for
    # code generation and decomposition; e.g. f1 or accuracy for applications).
    headline: str
    content_hash: str
    n: int  # samples drawn
    metrics: dict[str, float]  # mean of each per-sample metric, and pass@k for each k <= n
    # 95 % intervals over the item's samples (Wilson for pass@1, seeded percentile bootstrap for
    # the means); empty with fewer than 2 samples. Files of older runs may lack it.
    ci95: dict[str, list[float]]
    status_counts: dict[str, int]  # status -> samples
    samples: list[SampleRecord]


class Aggregate(TypedDict):
    """``aggregate``: the mean of each item metric over the items that report it, with a 95 %
    interval: a seeded bootstrap over items (2+ items) or the single item's own interval.
    Per-record detail metrics (names with ``[...]``) get no interval."""

    items: int
    metrics: dict[str, float]
    ci95: dict[str, list[float]]


class SplitAggregate(TypedDict):
    """``splits[name]``: one split's items. `score` is the mean of the items' headline metrics,
    with a seeded bootstrap interval over items; `metrics`/`ci95` as in `Aggregate`, over the
    split's items only."""

    items: int
    score: float
    score_ci95: list[float]
    metrics: dict[str, float]
    ci95: dict[str, list[float]]


class Headline(TypedDict):
    """``headline``: one number per run that weighs every split present equally: the mean of
    the split scores, with a bootstrap interval that resamples items within each split."""

    score: float
    ci95: list[float]
    splits: dict[str, float]  # split -> score, for the splits the run covered


class BenchmarkInfo(TypedDict):
    """``benchmark``: the harness/benchmark release."""

    name: str  # "IoTBench"
    version: str


class Generation(TypedDict):
    """``generation``: the settings completions were drawn with."""

    n: int
    temperature: float
    top_p: float
    max_new_tokens: int
    seed: int
    # The samples file holding every raw completion (relative to the results dir when inside it).
    samples_file: str


class Environment(TypedDict):
    """``environment``: where the run happened."""

    python: str
    platform: str
    cpu: str
    cpu_count: int | None
    packages: dict[str, str]  # name -> version
    sandbox: str  # harness.sandbox.SandboxMode value


class ResultsFile(TypedDict):
    """One run's results file, ``<run_id>.json``."""

    schema_version: int  # this layout's version; readers refuse versions they do not know
    benchmark: BenchmarkInfo
    run_id: str  # unique name of the run
    created_at: str  # UTC time the run finished, ISO 8601
    model: str  # the --model spec (or samples:<file name> for a scored samples file)
    model_name: str  # the adapter's own name for itself (the leaderboard row label)
    generation: Generation
    environment: Environment
    # {key: source}: real datasets chosen with --iot-data (empty: the built-in synthetic data).
    # Runs on different data never share a leaderboard table. Files of older runs may lack it.
    data: dict[str, str]
    # The seed every seeded generator drew the run's hidden data from (`--data-seed` reproduces
    # the run); None in schema-1 files. Runs on different seeds share tables: they are compared
    # through their intervals.
    data_seed: int | None
    complete: bool  # every collected item was scored (false after an interrupted run)
    items: list[ItemRecord]
    aggregate: Aggregate  # over all items, whatever their split
    splits: dict[str, SplitAggregate]  # per split present, in SPLITS order
    headline: Headline


@dataclass
class SampleResult:
    sample_idx: int
    status: Status
    metrics: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    wall_seconds: float = 0.0
    extraction: str = ""

    def to_dict(self) -> SampleRecord:
        data = asdict(self)
        data["status"] = str(self.status)
        data["wall_seconds"] = round(self.wall_seconds, 4)
        return cast(SampleRecord, data)


@dataclass
class ItemResult:
    id: str
    version: int
    kind: str
    domain: str
    content_hash: str
    samples: list[SampleResult]
    split: str = ""  # "" = the kind's default split
    headline: str = "pass@1"

    @property
    def metrics(self) -> dict[str, float]:
        """Mean of every per-sample metric, plus pass@k for each k <= n."""
        out: dict[str, float] = {}
        names = sorted({name for sample in self.samples for name in sample.metrics})
        for name in names:
            values = [s.metrics[name] for s in self.samples if name in s.metrics]
            out[name] = sum(values) / len(values)
        n = len(self.samples)
        passed = sum(1 for s in self.samples if s.status is Status.PASS)
        for k in PASS_AT:
            if k <= n:
                out[f"pass@{k}"] = pass_at_k(n, passed, k)
        return out

    def intervals(self) -> dict[str, list[float]]:
        """95 % intervals over this item's samples: Wilson for pass@1, bootstrap otherwise."""
        out: dict[str, list[float]] = {}
        if len(self.samples) < 2:
            return out
        passes = [1.0 if s.status is Status.PASS else 0.0 for s in self.samples]
        out["pass@1"] = _rounded(confidence_interval(passes, method="wilson"))
        names = sorted({name for s in self.samples for name in s.metrics if _summarised(name)})
        for name in names:
            values = [s.metrics[name] for s in self.samples if name in s.metrics]
            if len(values) >= 2:
                out[name] = _rounded(confidence_interval(values, method="bootstrap"))
        return out

    def to_dict(self) -> ItemRecord:
        counts = Counter(str(s.status) for s in self.samples)
        return {
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "domain": self.domain,
            "split": self.split or _KIND_SPLIT.get(self.kind, self.kind),
            "headline": self.headline,
            "content_hash": self.content_hash,
            "n": len(self.samples),
            "metrics": {k: round(v, 6) for k, v in self.metrics.items()},
            "ci95": self.intervals(),
            "status_counts": dict(sorted(counts.items())),
            "samples": [s.to_dict() for s in self.samples],
        }


def _summarised(metric: str) -> bool:
    """Per-record/per-class detail metrics (``f1[rec01]``) get no interval of their own."""
    return "[" not in metric


def _rounded(bounds: tuple[float, float]) -> list[float]:
    return [round(bounds[0], 6), round(bounds[1], 6)]


def aggregate(items: Sequence[ItemRecord]) -> Aggregate:
    """Mean of each item metric over the items that report it, with a 95 % interval.

    The interval is a seeded bootstrap over items when two or more items report the metric;
    with a single item it is that item's own interval over its samples.
    """
    values: dict[str, list[float]] = {}
    for item in items:
        for name, value in item["metrics"].items():
            values.setdefault(name, []).append(float(value))
    intervals: dict[str, list[float]] = {}
    for name, vals in values.items():
        if not _summarised(name):
            continue
        if len(vals) >= 2:
            intervals[name] = _rounded(confidence_interval(vals, method="bootstrap"))
        elif len(items) == 1 and name in items[0].get("ci95", {}):
            intervals[name] = list(items[0]["ci95"][name])
    return {
        "items": len(items),
        "metrics": {name: round(sum(v) / len(v), 6) for name, v in sorted(values.items())},
        "ci95": dict(sorted(intervals.items())),
    }


def _with_split(item: ItemRecord) -> ItemRecord:
    """An item record with its split and headline metric (the kind's defaults when missing)."""
    item.setdefault("split", _KIND_SPLIT.get(str(item.get("kind")), "spec"))
    item.setdefault("headline", "pass@1")
    return item


def item_score(item: ItemRecord) -> float:
    """The item's headline metric (0 when the item did not report it)."""
    return float(item["metrics"].get(item["headline"], 0.0))


def split_aggregates(items: Sequence[ItemRecord]) -> dict[str, SplitAggregate]:
    """Per split present (in SPLITS order, unknown splits after): scores and metric means."""
    names = [s for s in SPLITS if any(i["split"] == s for i in items)]
    names += sorted({i["split"] for i in items} - set(SPLITS))
    out: dict[str, SplitAggregate] = {}
    for name in names:
        members = [i for i in items if i["split"] == name]
        scores = [item_score(i) for i in members]
        summary = aggregate(members)
        out[name] = {
            "items": len(members),
            "score": round(sum(scores) / len(scores), 6),
            "score_ci95": _rounded(confidence_interval(scores, method="bootstrap")),
            "metrics": summary["metrics"],
            "ci95": summary["ci95"],
        }
    return out


def headline(items: Sequence[ItemRecord]) -> Headline:
    """The mean of the split scores, each split weighing the same, with its interval."""
    groups: dict[str, list[float]] = {}
    for item in items:
        groups.setdefault(item["split"], []).append(item_score(item))
    if not groups:
        return {"score": 0.0, "ci95": [0.0, 0.0], "splits": {}}
    ordered = [s for s in SPLITS if s in groups] + sorted(set(groups) - set(SPLITS))
    means = {s: sum(groups[s]) / len(groups[s]) for s in ordered}
    return {
        "score": round(sum(means.values()) / len(means), 6),
        "ci95": _rounded(stratified_bootstrap_interval([groups[s] for s in ordered])),
        "splits": {s: round(v, 6) for s, v in means.items()},
    }


def build_results(
    *,
    run_id: str,
    created_at: str,
    model: str,
    model_name: str,
    generation: Generation,
    environment: Environment,
    items: Iterable[ItemRecord],
    complete: bool,
    benchmark_version: str,
    data: Mapping[str, str] | None = None,
    data_seed: int | None = None,
) -> ResultsFile:
    """The results document; `items` are `ItemResult.to_dict()` outputs (possibly merged)."""
    item_dicts = sorted((_with_split(ItemRecord(**item)) for item in items), key=lambda d: d["id"])
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": {"name": "IoTBench", "version": benchmark_version},
        "run_id": run_id,
        "created_at": created_at,
        "model": model,
        "model_name": model_name,
        "generation": Generation(**generation),
        "environment": Environment(**environment),
        "data": dict(data or {}),
        "data_seed": data_seed,
        "complete": complete,
        "items": item_dicts,
        "aggregate": aggregate(item_dicts),
        "splits": split_aggregates(item_dicts),
        "headline": headline(item_dicts),
    }


def slug(text: str) -> str:
    """A file-name-safe form of a model spec."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:80] or "model"


def write_results(results_dir: Path, results: ResultsFile) -> Path:
    """Write `<run_id>.json` in `results_dir` atomically; never replaces an existing file."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{results['run_id']}.json"
    text = json.dumps(results, indent=1) + "\n"  # fails before anything touches the disk
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # FileExistsError rather than a silent overwrite
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _check(condition: bool, path: Path, field: str, expected: str) -> None:
    if not condition:
        raise ResultsError(f"{path}: field {field!r} must be {expected}")


def read_results(path: Path) -> ResultsFile:
    """Load a results file and check the fields the leaderboard relies on (the rest is taken as
    `build_results` wrote it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{path}: not a readable results file ({exc})") from None
    if not isinstance(data, dict):
        raise ResultsError(
            f"{path}: field 'schema_version' must be {SCHEMA_VERSION} "
            "(the file is not a JSON object)"
        )
    for key in ("model", "model_name", "run_id", "created_at", "items", "aggregate"):
        if key not in data:
            raise ResultsError(f"{path}: missing field {key!r}")
    version = data.get("schema_version")
    _check(
        type(version) is int and version in READABLE_SCHEMAS,
        path,
        "schema_version",
        " or ".join(str(v) for v in READABLE_SCHEMAS),
    )
    for key in ("model", "model_name", "run_id", "created_at"):
        _check(isinstance(data.get(key), str), path, key, "a string")
    _check(isinstance(data.get("items"), list), path, "items", "a list")
    for index, item in enumerate(data["items"]):
        where = f"items[{index}]"
        _check(isinstance(item, dict), path, where, "an object")
        _check(isinstance(item.get("id"), str), path, f"{where}.id", "a string")
        _check(type(item.get("version")) is int, path, f"{where}.version", "an integer")
        _check(isinstance(item.get("metrics"), dict), path, f"{where}.metrics", "an object")
        if version == 1:  # before splits: every item in its kind's split, pass@1 as headline
            _with_split(item)
        _check(isinstance(item.get("split"), str), path, f"{where}.split", "a string")
        _check(isinstance(item.get("headline"), str), path, f"{where}.headline", "a string")
    aggregate_ = data.get("aggregate")
    _check(
        isinstance(aggregate_, dict)
        and type(aggregate_.get("items")) is int
        and isinstance(aggregate_.get("metrics"), dict),
        path,
        "aggregate",
        "an object with 'items' (int) and 'metrics' (object)",
    )
    if version == 1:
        data.setdefault("data_seed", None)
        data["splits"] = split_aggregates(data["items"])
        data["headline"] = headline(data["items"])
    return cast(ResultsFile, dict(data))
