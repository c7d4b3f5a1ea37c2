"""The terminal summary of a benchmark run: one table of splits, the leaderboard row, the files.

A full run has over two hundred items; printing a line per item buries what a user wants to see
(each split's score with its interval and the headline). Per-item lines come only with ``-v`` or
``--iotbench-details``; every number stays in the results file either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from harness.leaderboard.markdown import row_for
from harness.leaderboard.runs import SPLIT_COLUMNS
from harness.results import SPLITS, ItemRecord, ResultsFile

Write = Callable[[str], None]


def _interval(value: float, interval: Sequence[float] | None) -> str:
    if not interval:
        return f"{value:.3f}"
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def split_lines(results: ResultsFile) -> list[str]:
    """A fixed-width table: one row per split with its score, key metrics and sample statuses."""
    rows = [("split", "items", "score [95% CI]", "metrics", "statuses")]
    for split in SPLITS:
        part = results["splits"].get(split)
        if part is None:
            continue
        statuses: Counter[str] = Counter()
        for item in results["items"]:
            if item["split"] == split:
                statuses.update(item["status_counts"])
        metrics = part["metrics"]
        shown = [f"{name} {metrics[name]:.3f}" for name in SPLIT_COLUMNS[split] if name in metrics]
        rows.append(
            (
                split,
                str(part["items"]),
                _interval(part["score"], part["score_ci95"]),
                ", ".join(shown[:4]),
                ", ".join(f"{k} {v}" for k, v in sorted(statuses.items(), key=lambda kv: -kv[1])),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1])]
        cells += [row[2].ljust(widths[2]), row[3].ljust(widths[3]), row[4]]
        lines.append("  ".join(cells).rstrip())
    head = results["headline"]
    lines.append(f"headline (splits weighted equally): {_interval(head['score'], head['ci95'])}")
    return lines


def item_line(item: ItemRecord) -> str:
    """One item's version, statuses and metrics (per-record and per-class details excluded)."""
    metrics = ", ".join(f"{k}={v:.3f}" for k, v in item["metrics"].items() if "[" not in k)
    counts = ", ".join(f"{k}: {v}" for k, v in item["status_counts"].items())
    return f"{item['id']} v{item['version']} (n={item['n']}; {counts}): {metrics}"


def not_passing(results: ResultsFile) -> list[str]:
    """Ids of the items (those with a pass@1) that have a sample that did not pass."""
    out = []
    for item in results["items"]:
        counts = item["status_counts"]
        if "pass@1" in item["metrics"] and set(counts) - {"pass"}:
            out.append(item["id"])
    return out


def write_summary(
    write: Write,
    results: ResultsFile,
    results_path: Path,
    leaderboard: Path | str,
    skipped: Sequence[str],
    details: bool,
) -> None:
    """Write the run's summary through `write`, a line at a time."""
    if details:
        for item in results["items"]:
            write(item_line(item))
        write("")
    for line in split_lines(results):
        write(line)
    failing = not_passing(results)
    if failing and not details:
        shown = ", ".join(failing[:5]) + (", ..." if len(failing) > 5 else "")
        write(f"{len(failing)} item(s) with samples that did not pass: {shown} (-v lists all)")
    if not results["complete"]:
        write("run incomplete: not every collected item was scored")
    if results["data_seed"] is not None:
        seed = results["data_seed"]
        write(f"hidden data drawn with data seed {seed} (reproduce: --data-seed {seed})")
    header, row = row_for(results)
    write(header)
    write(row)
    write(f"results: {results_path}")
    samples = results["generation"].get("samples_file")
    if samples:
        write(f"samples: {results_path.parent / samples}")
    for line in skipped:
        write(line)
    write(f"leaderboard: {leaderboard}")
