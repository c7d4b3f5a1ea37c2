"""LEADERBOARD.md from the results files of a directory.

Runs are grouped by the exact set of (item id, item version) they scored: runs over different item
versions never share a table. Within a table each model appears once, with its latest run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.results import ResultsError, read_results

LEADERBOARD_FILE = "LEADERBOARD.md"
HTML_FILE = "leaderboard.html"
COLUMNS = ("pass@1", "pass@5", "f1", "precision", "recall", "accuracy", "macro_f1", "bleu",
           "format_correct", "stc", "embedding_similarity", "codebleu")


def load_runs(results_dir: Path) -> list[dict[str, Any]]:
    """Every results file in `results_dir` (not recursive), oldest first."""
    runs = []
    for path in sorted(results_dir.glob("*.json")):
        run = read_results(path)
        run["_file"] = path.name
        runs.append(run)
    return sorted(runs, key=lambda r: (r["created_at"], r["_file"]))


def _signature(run: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """What makes two runs comparable: the same items at the same versions on the same data."""
    items = sorted((item["id"], item["version"]) for item in run["items"])
    data = sorted((f"data:{key}={source}", 0) for key, source in run.get("data", {}).items())
    return tuple(items + data)


def latest_per_model(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for run in runs:  # oldest first, so later runs replace earlier ones
        latest[run["model"]] = run
    return list(latest.values())


def _columns(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    present = {name for run in runs for name in run["aggregate"]["metrics"]}
    return [name for name in COLUMNS if name in present]


def format_row(run: Mapping[str, Any], columns: Sequence[str]) -> str:
    metrics = run["aggregate"]["metrics"]
    cells = [run["model_name"], f"`{run['model']}`", str(run["aggregate"]["items"])]
    intervals = run["aggregate"].get("ci95", {})
    for column in columns:
        if column not in metrics:
            cells.append("–")
        elif column == "pass@1" and column in intervals:
            low, high = intervals[column]
            cells.append(f"{metrics[column]:.3f} [{low:.2f}, {high:.2f}]")
        else:
            cells.append(f"{metrics[column]:.3f}")
    cells += [run["created_at"][:10], run.get("_file", f"{run['run_id']}.json")]
    return "| " + " | ".join(cells) + " |"


def _table(runs: Sequence[dict[str, Any]]) -> list[str]:
    columns = _columns(runs)
    ordered = sorted(runs, key=lambda r: [-r["aggregate"]["metrics"].get(c, -1.0)
                                          for c in columns] + [r["model"]])
    header = ["Model", "Spec", "Items", *columns, "Date", "Results file"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [format_row(run, columns) for run in ordered]
    return lines


Signature = tuple[tuple[str, int], ...]


def describe(signature: Signature) -> tuple[int, str]:
    """(number of items, "id vN, ... on data key=source") for a table heading."""
    items = [f"{name} v{version}" for name, version in signature if not name.startswith("data:")]
    data = [name[len("data:"):] for name, _ in signature if name.startswith("data:")]
    return len(items), ", ".join(items) + (f" on data {', '.join(data)}" if data else "")


def group_runs(runs: Sequence[dict[str, Any]]) -> list[tuple[Signature, list[dict[str, Any]]]]:
    """Runs grouped by their exact (item id, version) set; largest sets first."""
    groups: dict[Signature, list[dict[str, Any]]] = {}
    for run in runs:
        groups.setdefault(_signature(run), []).append(run)
    return sorted(groups.items(), key=lambda g: (-len(g[0]), g[0]))


def render_markdown(runs: Sequence[dict[str, Any]]) -> str:
    out = ["# IoTBench leaderboard", "",
           "Generated from the results files beside this page by `iotbench leaderboard`; "
           "each model's latest run. Runs over different item sets or item versions are in "
           "separate tables. See leaderboard.html for intervals, plots and breakdowns.", ""]
    for signature, group in group_runs(runs):
        count, items = describe(signature)
        out += [f"## {count} item(s): {items}", "", *_table(latest_per_model(group)), ""]
    return "\n".join(out)


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def update_leaderboard(results_dir: Path) -> Path:
    """Re-render `LEADERBOARD.md` and `leaderboard.html` in `results_dir`; returns the .md path."""
    from harness.leaderboard_html import render_html

    runs = load_runs(results_dir)
    if not runs:
        raise ResultsError(f"{results_dir}: no results files (*.json) to build a leaderboard from")
    markdown, html = render_markdown(runs), render_html(runs)  # both built before writing
    path = results_dir / LEADERBOARD_FILE
    _replace(path, markdown)
    _replace(results_dir / HTML_FILE, html)
    return path


def row_for(run: Mapping[str, Any]) -> tuple[str, str]:
    """(header, row) for one run, for printing at the end of a session."""
    columns = _columns([run])
    header = "| " + " | ".join(["Model", "Spec", "Items", *columns, "Date", "Results file"]) + " |"
    return header, format_row(run, columns)
