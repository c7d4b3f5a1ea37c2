"""LEADERBOARD.md: the headline table, then one table per split, each model's latest run a row.

The headline weighs every split equally (a split of 109 items does not drown one of 8); each
split's table leads with the split's score (mean of its items' headline metrics) and its 95 %
interval. `row_for` gives the headline header and row of one run, printed at the end of a session.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.leaderboard.runs import (
    VERIFIED_MARK,
    Run,
    describe,
    display_name,
    fingerprint,
    group_runs,
    ranked,
    score,
    split_columns,
    splits_of,
)
from harness.results import ResultsFile

SCORE_NOTE = {
    "spec": "pass@1 (the algorithm is specified; oracle tests)",
    "task": "pass@1 (the problem is specified, not the method; outcome tests on realistic data)",
    "applications": "mean of each item's headline metric: pooled F1 for heartbeat detection, "
    "accuracy (within the memory budget where the item has one) for activity recognition",
    "decomposition": "pass@1 (format correct and sub-task coverage reached)",
}


def _number(value: float | None, interval: tuple[float, float] | None = None) -> str:
    if value is None:
        return "–"
    if interval is None:
        return f"{value:.3f}"
    return f"{value:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]"


def _headline_cells(run: ResultsFile, splits: Sequence[str]) -> list[str]:
    value, interval = score(run)
    parts = run["headline"]["splits"]
    return [_number(value, interval)] + [_number(parts.get(s)) for s in splits]


def format_row(run: ResultsFile, splits: Sequence[str], file: str) -> str:
    """A headline row: model, spec, items, headline [interval], one score per split, date, file."""
    cells = [display_name(run), f"`{run['model']}`", str(run["aggregate"]["items"])]
    cells += _headline_cells(run, splits)
    cells += [run["created_at"][:10], file]
    return "| " + " | ".join(cells) + " |"


def _header(*columns: str) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def _headline_table(runs: Sequence[Run]) -> list[str]:
    splits = splits_of(runs)
    lines = _header("Rank", "Model", "Spec", "Items", "Headline", *splits, "Date", "Results file")
    for rank, run in ranked(runs):
        lines.append(f"| {rank} " + format_row(run, splits, run["_file"]))
    return lines


def _split_table(runs: Sequence[Run], split: str) -> list[str]:
    columns = split_columns(runs, split)
    lines = _header("Rank", "Model", "Spec", "Items", "Score", *columns, "Date")
    for rank, run in ranked(runs, split):
        part = run["splits"][split]
        value, interval = score(run, split)
        cells = [str(rank), display_name(run), f"`{run['model']}`", str(part["items"])]
        cells.append(_number(value, interval))
        cells += [_number(part["metrics"].get(c)) for c in columns]
        cells.append(run["created_at"][:10])
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _items_note(sig: tuple[tuple[str, int], ...]) -> list[str]:
    count, items = describe(sig)
    return [
        f"<details><summary>{count} items (item set {fingerprint(sig)})</summary>",
        "",
        items,
        "",
        "</details>",
        "",
    ]


def render_markdown(runs: Sequence[Run]) -> str:
    out = [
        "# IoTBench leaderboard",
        "",
        "Generated from the results files beside this page by `iotbench leaderboard`; each "
        "model's latest run. The headline is the mean of the split scores, every split weighing "
        "the same, with a 95 % interval that resamples items within each split; models share a "
        "rank while their intervals overlap. Runs over different item sets or item versions are "
        "in separate tables. Similarity to the reference (embedding similarity, CodeBLEU, BLEU) "
        "is not correctness and stays in the results files and leaderboard.html. "
        f"{VERIFIED_MARK} after a name: `iotbench verify` re-scored the run from its samples "
        "and every number matched.",
        "",
    ]
    for sig, group in group_runs(runs):
        out += [f"## Headline, item set {fingerprint(sig)}", "", *_items_note(sig)]
        out += [*_headline_table(group), ""]
    for split in splits_of(runs):
        for sig, group in group_runs(runs, split):
            out += [f"## Split `{split}`, item set {fingerprint(sig)}", ""]
            out += [f"Score: {SCORE_NOTE.get(split, 'mean of the items headline metrics')}.", ""]
            out += [*_items_note(sig), *_split_table(group, split), ""]
    return "\n".join(out)


def row_for(run: ResultsFile) -> tuple[str, str]:
    """(header, row) of one run's headline, for printing at the end of a session."""
    splits = list(run["headline"]["splits"])
    header = (
        "| "
        + " | ".join(["Model", "Spec", "Items", "Headline", *splits, "Date", "Results file"])
        + " |"
    )
    return header, format_row(run, splits, f"{run['run_id']}.json")
