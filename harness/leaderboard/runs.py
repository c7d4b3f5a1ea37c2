"""The runs a leaderboard is made of: the results files of a directory, grouped into tables.

A table compares runs over exactly the same (item id, item version) set on the same data: runs
over different item versions never share a table. The headline table groups runs by their whole
item set; each split's table groups runs by that split's items, so a run that covered only some
splits still appears in those splits' tables. Within a table each model appears once, with its
latest run, and models share a rank while their 95 % intervals overlap. Runs on different data
seeds do share tables: they are compared through their intervals.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar, cast

from harness.results import SPLITS, ResultsError, ResultsFile, read_results

Signature = tuple[tuple[str, int], ...]

HEADLINE = "headline"  # the table of the headline score, over every split of the run

# The columns of each split's table after its score (those no run reports are dropped).
SPLIT_COLUMNS = {
    "spec": ("pass@1", "pass@5", "tests_passed"),
    "task": ("pass@1", "pass@5", "tests_passed"),
    "applications": (
        "f1",
        "f1_min_record",
        "precision",
        "recall",
        "accuracy",
        "accuracy_in_budget",
        "macro_f1",
        "latency_ms",
        "peak_memory_mb",
    ),
    # the embedding STC and a judge model's (stc_judge) are two metrics, so never one column;
    # BLEU, similarity to the reference, is in the HTML page's similarity section only
    "decomposition": ("pass@1", "stc", "stc_judge", "format_correct", "format_strict"),
}


VERIFIED_SUFFIX = ".verified"  # `iotbench verify` writes <run id>.verified beside <run id>.json


class Run(ResultsFile):
    """A results file as the leaderboard holds it, with the name of the file it came from and
    whether `iotbench verify` re-scored it from its samples."""

    _file: str
    _verified: bool


VERIFIED_MARK = "\u2713"  # beside a model's name: its run was re-scored from its samples


def display_name(run: ResultsFile) -> str:
    """The model's name, marked when the run was verified."""
    marked = bool(cast("dict[str, object]", run).get("_verified"))
    return f"{run['model_name']} {VERIFIED_MARK}" if marked else run["model_name"]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (what a `.verified` record pins)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified(results_path: Path) -> bool:
    """A results file with a `.verified` record that matches its current bytes (a file edited
    after verification is not verified)."""
    try:
        record = json.loads(results_path.with_suffix(VERIFIED_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get("results_sha256") == file_sha256(results_path)


R = TypeVar("R", bound=ResultsFile)


class ForeignFileWarning(UserWarning):
    """A ``*.json`` in a results directory that is not a results file; it was left out."""


def load_runs(results_dir: Path) -> list[Run]:
    """Every results file in `results_dir` (not recursive), oldest first. A ``*.json`` that is
    not a readable results file (someone else's file, a corrupt copy) is skipped with a warning:
    it must not keep the other runs off the leaderboard."""
    runs: list[Run] = []
    for path in sorted(results_dir.glob("*.json")):
        try:
            runs.append({**read_results(path), "_file": path.name, "_verified": verified(path)})
        except ResultsError as exc:
            warnings.warn(f"leaderboard: skipped {exc}", ForeignFileWarning, stacklevel=2)
    return sorted(runs, key=lambda r: (r["created_at"], r["_file"]))


def signature(run: ResultsFile, split: str = HEADLINE) -> Signature:
    """What makes two runs comparable: the same items (of `split`, or all) at the same versions
    on the same data."""
    items = sorted(
        (item["id"], item["version"])
        for item in run["items"]
        if split == HEADLINE or item["split"] == split
    )
    data = sorted((f"data:{key}={source}", 0) for key, source in run.get("data", {}).items())
    return tuple(items + data) if items else ()


def fingerprint(sig: Signature) -> str:
    """A short name for an item set: the first 10 hex digits of a hash of its ids and versions."""
    text = "\n".join(f"{name} v{version}" for name, version in sig)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def latest_per_model(runs: Sequence[R]) -> list[R]:
    latest: dict[str, R] = {}
    for run in runs:  # oldest first, so later runs replace earlier ones
        latest[run["model"]] = run
    return list(latest.values())


def describe(sig: Signature) -> tuple[int, str]:
    """(number of items, "id vN, ... on data key=source") for a table's item list."""
    items = [f"{name} v{version}" for name, version in sig if not name.startswith("data:")]
    data = [name[len("data:") :] for name, _ in sig if name.startswith("data:")]
    return len(items), ", ".join(items) + (f" on data {', '.join(data)}" if data else "")


def group_runs(runs: Sequence[R], split: str = HEADLINE) -> list[tuple[Signature, list[R]]]:
    """Runs grouped by their (split's) exact item set, largest sets first; runs without items
    of `split` are left out."""
    groups: dict[Signature, list[R]] = {}
    for run in runs:
        sig = signature(run, split)
        if sig:
            groups.setdefault(sig, []).append(run)
    return sorted(groups.items(), key=lambda g: (-len(g[0]), g[0]))


def splits_of(runs: Sequence[ResultsFile]) -> list[str]:
    """The splits any of `runs` covered, in leaderboard order."""
    present = {item["split"] for run in runs for item in run["items"]}
    return [s for s in SPLITS if s in present] + sorted(present - set(SPLITS))


def split_columns(runs: Sequence[ResultsFile], split: str) -> list[str]:
    """The metric columns of a split's table that at least one of `runs` reports."""
    present: set[str] = set()
    for run in runs:
        part = run["splits"].get(split)
        if part is not None:
            present |= set(part["metrics"])
    return [c for c in SPLIT_COLUMNS.get(split, ("pass@1",)) if c in present]


def score(run: ResultsFile, split: str = HEADLINE) -> tuple[float, tuple[float, float] | None]:
    """A run's score in a table (the headline, or a split's) with its 95 % interval."""
    if split == HEADLINE:
        head = run["headline"]
        return float(head["score"]), (float(head["ci95"][0]), float(head["ci95"][1]))
    part = run["splits"].get(split)
    if part is None:
        return 0.0, None
    low, high = part["score_ci95"]
    return float(part["score"]), (float(low), float(high))


def shared_ranks(
    runs: Sequence[ResultsFile],
    value: Callable[[ResultsFile], tuple[float, tuple[float, float] | None]] = score,
) -> list[int]:
    """Rank of each run: 1 + the number of runs whose interval lies entirely above this run's."""
    bounds = []
    for run in runs:
        point, interval = value(run)
        bounds.append(interval or (point, point))
    return [1 + sum(1 for low, _ in bounds if low > high) for _, high in bounds]


def ranked(runs: Sequence[R], split: str = HEADLINE) -> list[tuple[int, R]]:
    """Each model's latest run, best score first, with shared ranks."""
    latest = latest_per_model(runs)
    ordered = sorted(latest, key=lambda r: (-score(r, split)[0], r["model"]))
    ranks = shared_ranks(ordered, lambda r: score(r, split))
    return list(zip(ranks, ordered, strict=True))
