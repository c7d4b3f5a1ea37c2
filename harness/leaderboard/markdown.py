"""LEADERBOARD.md: one table per comparable group of runs, each model's latest run a row.

Rows are ordered by the columns left to right (pass@1 first); pass@1 shows its 95 % interval.
`row_for` gives the header and row of one run, printed at the end of a session.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.leaderboard.runs import Run, describe, group_runs, latest_per_model
from harness.results import ResultsFile

COLUMNS = (
    "pass@1",
    "pass@5",
    "f1",
    "precision",
    "recall",
    "accuracy",
    "macro_f1",
    "bleu",
    "format_correct",
    "stc",
    "embedding_similarity",
    "codebleu",
)


def _columns(runs: Sequence[ResultsFile]) -> list[str]:
    present = {name for run in runs for name in run["aggregate"]["metrics"]}
    return [name for name in COLUMNS if name in present]


def format_row(run: ResultsFile, columns: Sequence[str], file: str) -> str:
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
    cells += [run["created_at"][:10], file]
    return "| " + " | ".join(cells) + " |"


def _table(runs: Sequence[Run]) -> list[str]:
    columns = _columns(runs)
    ordered = sorted(
        runs,
        key=lambda r: [-r["aggregate"]["metrics"].get(c, -1.0) for c in columns] + [r["model"]],
    )
    header = ["Model", "Spec", "Items", *columns, "Date", "Results file"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [format_row(run, columns, run["_file"]) for run in ordered]
    return lines


def render_markdown(runs: Sequence[Run]) -> str:
    out = [
        "# IoTBench leaderboard",
        "",
        "Generated from the results files beside this page by `iotbench leaderboard`; "
        "each model's latest run. Runs over different item sets or item versions are in "
        "separate tables. See leaderboard.html for intervals, plots and breakdowns.",
        "",
    ]
    for signature, group in group_runs(runs):
        count, items = describe(signature)
        out += [f"## {count} item(s): {items}", "", *_table(latest_per_model(group)), ""]
    return "\n".join(out)


def row_for(run: ResultsFile) -> tuple[str, str]:
    """(header, row) for one run, for printing at the end of a session."""
    columns = _columns([run])
    header = "| " + " | ".join(["Model", "Spec", "Items", *columns, "Date", "Results file"]) + " |"
    return header, format_row(run, columns, f"{run['run_id']}.json")
