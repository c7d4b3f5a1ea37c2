"""The runs a leaderboard is made of: the results files of a directory, grouped into tables.

Runs are grouped by the exact set of (item id, item version) they scored, and the data they ran
on: runs over different item versions never share a table. Within a table each model appears
once, with its latest run. Both renderings (Markdown and HTML) group through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from harness.results import ResultsFile, read_results

Signature = tuple[tuple[str, int], ...]


class Run(ResultsFile):
    """A results file as the leaderboard holds it, with the name of the file it came from."""

    _file: str


R = TypeVar("R", bound=ResultsFile)


def load_runs(results_dir: Path) -> list[Run]:
    """Every results file in `results_dir` (not recursive), oldest first."""
    runs: list[Run] = []
    for path in sorted(results_dir.glob("*.json")):
        runs.append({**read_results(path), "_file": path.name})
    return sorted(runs, key=lambda r: (r["created_at"], r["_file"]))


def _signature(run: ResultsFile) -> Signature:
    """What makes two runs comparable: the same items at the same versions on the same data."""
    items = sorted((item["id"], item["version"]) for item in run["items"])
    data = sorted((f"data:{key}={source}", 0) for key, source in run.get("data", {}).items())
    return tuple(items + data)


def latest_per_model(runs: Sequence[R]) -> list[R]:
    latest: dict[str, R] = {}
    for run in runs:  # oldest first, so later runs replace earlier ones
        latest[run["model"]] = run
    return list(latest.values())


def describe(signature: Signature) -> tuple[int, str]:
    """(number of items, "id vN, ... on data key=source") for a table heading."""
    items = [f"{name} v{version}" for name, version in signature if not name.startswith("data:")]
    data = [name[len("data:") :] for name, _ in signature if name.startswith("data:")]
    return len(items), ", ".join(items) + (f" on data {', '.join(data)}" if data else "")


def group_runs(runs: Sequence[R]) -> list[tuple[Signature, list[R]]]:
    """Runs grouped by their exact (item id, version) set; largest sets first."""
    groups: dict[Signature, list[R]] = {}
    for run in runs:
        groups.setdefault(_signature(run), []).append(run)
    return sorted(groups.items(), key=lambda g: (-len(g[0]), g[0]))
