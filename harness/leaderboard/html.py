"""leaderboard.html: a static, self-contained page (tables, per-domain breakdown, plots).

Same grouping rule as LEADERBOARD.md: runs over different item sets or versions never share a
table. Models are ranked by pass@1; two models share a rank when their 95 % intervals overlap
(rank = 1 + the number of models whose interval lies wholly above this one's).
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Sequence
from html import escape
from typing import Literal

from harness.leaderboard.runs import describe, group_runs, latest_per_model
from harness.results import ResultsFile

PRIMARY = "pass@1"
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: right; }
th { background: #f3f3f3; } td.name { text-align: left; }
code { font-size: 0.9em; } .ci { color: #777; font-size: 0.85em; } img { max-width: 100%; }
"""


def _ci(run: ResultsFile, metric: str) -> tuple[float, float] | None:
    bounds = run["aggregate"].get("ci95", {}).get(metric)
    return (float(bounds[0]), float(bounds[1])) if bounds else None


def shared_ranks(runs: Sequence[ResultsFile], metric: str = PRIMARY) -> list[int]:
    """Rank of each run: 1 + number of runs whose interval lies entirely above this run's."""
    bounds = []
    for run in runs:
        value = float(run["aggregate"]["metrics"].get(metric, 0.0))
        bounds.append(_ci(run, metric) or (value, value))
    return [1 + sum(1 for low, _ in bounds if low > high) for _, high in bounds]


def _item_means(run: ResultsFile, key: Literal["kind", "domain"], metric: str) -> dict[str, float]:
    """Mean of `metric` over the run's items, grouped by the item field `key`."""
    values: dict[str, list[float]] = defaultdict(list)
    for item in run["items"]:
        if metric in item["metrics"]:
            values[item[key]].append(float(item["metrics"][metric]))
    return {group: sum(v) / len(v) for group, v in values.items()}


def _cell(value: float | None, ci: tuple[float, float] | None = None) -> str:
    if value is None:
        return "<td>–</td>"
    interval = f' <span class="ci">[{ci[0]:.3f}, {ci[1]:.3f}]</span>' if ci else ""
    return f"<td>{value:.3f}{interval}</td>"


# Columns of the main table, in order, when any run has them (the rest is in the results files).
HEADLINE = (
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
    "tests_passed",
    "embedding_similarity",
    "codebleu",
    "bugs",
    "security",
    "smells",
    "latency_ms",
    "peak_memory_mb",
)


def _main_table(runs: Sequence[ResultsFile]) -> str:
    present = {m for run in runs for m in run["aggregate"]["metrics"]}
    metrics = [m for m in HEADLINE if m in present]
    ordered = sorted(runs, key=lambda r: -float(r["aggregate"]["metrics"].get(PRIMARY, 0.0)))
    ranks = shared_ranks(ordered)
    head = "".join(f"<th>{escape(m)}</th>" for m in metrics)
    rows = []
    for rank, run in zip(ranks, ordered, strict=True):
        cells = "".join(_cell(run["aggregate"]["metrics"].get(m), _ci(run, m)) for m in metrics)
        rows.append(
            f"<tr><td>{rank}</td><td class='name'>{escape(run['model_name'])}<br>"
            f"<code>{escape(run['model'])}</code></td><td>{run['aggregate']['items']}"
            f"</td>{cells}<td>{escape(run['created_at'][:10])}</td></tr>"
        )
    return (
        f"<table><tr><th>Rank</th><th>Model</th><th>Items</th>{head}<th>Date</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _breakdown(runs: Sequence[ResultsFile], key: Literal["kind", "domain"], title: str) -> str:
    per_run = [(run, _item_means(run, key, PRIMARY)) for run in runs]
    groups = sorted({g for _, means in per_run for g in means})
    head = "".join(f"<th>{escape(g)}</th>" for g in groups)
    rows = "".join(
        f"<tr><td class='name'>{escape(run['model_name'])}</td>"
        + "".join(_cell(means.get(g)) for g in groups)
        + "</tr>"
        for run, means in per_run
    )
    return (
        f"<h3>{escape(title)} ({PRIMARY}, mean over items)</h3>"
        f"<table><tr><th>Model</th>{head}</tr>{rows}</table>"
    )


def _plot(runs: Sequence[ResultsFile]) -> str:
    """A bar chart of pass@1 with its interval per model, as an inline PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [run["model_name"] for run in runs]
    values = [float(run["aggregate"]["metrics"].get(PRIMARY, 0.0)) for run in runs]
    errors = [[0.0] * len(runs), [0.0] * len(runs)]
    for index, run in enumerate(runs):
        ci = _ci(run, PRIMARY)
        if ci:
            errors[0][index] = max(values[index] - ci[0], 0.0)
            errors[1][index] = max(ci[1] - values[index], 0.0)
    figure, axis = plt.subplots(figsize=(max(4.0, 1.2 * len(runs) + 2), 3.2), dpi=100)
    axis.bar(range(len(runs)), values, yerr=errors, capsize=4, color="#4c78a8")
    axis.set_xticks(range(len(runs)), names, rotation=20, ha="right")
    axis.set_ylim(0, 1.05)
    axis.set_ylabel(f"{PRIMARY} (95 % interval)")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{PRIMARY} by model" src="data:image/png;base64,{data}">'


def render_html(runs: Sequence[ResultsFile]) -> str:
    sections = []
    for signature, group in group_runs(runs):
        latest = latest_per_model(group)
        count, items = describe(signature)
        sections.append(
            f"<h2>{count} item(s)</h2><p class='ci'>{escape(items)}</p>"
            + _main_table(latest)
            + _plot(latest)
            + _breakdown(latest, "kind", "By kind")
            + _breakdown(latest, "domain", "By domain")
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>IoTBench leaderboard</title><style>{_STYLE}</style></head><body>"
        "<h1>IoTBench leaderboard</h1><p>Each model's latest run. Ranks are shared while "
        "95 % intervals overlap. Generated by <code>iotbench leaderboard</code>.</p>"
        + "".join(sections)
        + "</body></html>\n"
    )
