"""leaderboard.html: a static, self-contained page (headline and split tables, breakdowns, plots).

Same grouping and ranking as LEADERBOARD.md (harness.leaderboard.runs): runs over different item
sets or versions never share a table; models share a rank while their 95 % intervals overlap.
Similarity to the reference (embedding similarity, CodeBLEU, BLEU) has its own table, labelled
as what it is: closeness to one correct answer, not correctness.
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from harness.leaderboard.explorer import data_script, explorer_data, matrix_html
from harness.leaderboard.runs import (
    Run,
    Signature,
    describe,
    display_name,
    fingerprint,
    group_runs,
    latest_per_model,
    ranked,
    score,
    shared_ranks,
    split_columns,
    splits_of,
)
from harness.results import ResultsFile, item_score

SIMILARITY = ("embedding_similarity", "codebleu", "bleu")
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: right; }
th { background: #f3f3f3; } td.name { text-align: left; }
code { font-size: 0.9em; } .ci { color: #777; font-size: 0.85em; } img { max-width: 100%; }
details { margin: 0.3em 0; } .scroll { overflow-x: auto; max-height: 40em; }
th { cursor: pointer; position: sticky; top: 0; } a { color: #1a5fb4; }
#item-panel { border: 1px solid #bbb; padding: 0.5em 1em; margin: 1em 0; background: #fcfcfc; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.5em; max-height: 30em;
      overflow: auto; text-align: left; }
.status { font-weight: bold; } .status.pass { color: #26a269; } .status.fail { color: #c01c28; }
"""

__all__ = ["render_html", "shared_ranks"]


def _cell(value: float | None, ci: tuple[float, float] | None = None) -> str:
    if value is None:
        return "<td>–</td>"
    interval = f' <span class="ci">[{ci[0]:.3f}, {ci[1]:.3f}]</span>' if ci else ""
    return f"<td>{value:.3f}{interval}</td>"


def _name(run: ResultsFile) -> str:
    return (
        f"<td class='name'>{escape(display_name(run))}<br><code>{escape(run['model'])}</code></td>"
    )


def _table(head: Sequence[str], rows: Sequence[str], table_id: str = "") -> str:
    """A table whose columns sort on click (the page's script)."""
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    ident = f" id='{escape(table_id)}'" if table_id else ""
    return (
        f"<div class='scroll'><table{ident} class='sortable'><thead><tr>{cells}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _items_note(sig: Signature) -> str:
    count, items = describe(sig)
    return (
        f"<details><summary>{count} items, item set <code>{fingerprint(sig)}</code></summary>"
        f"<p class='ci'>{escape(items)}</p></details>"
    )


def _headline(runs: Sequence[ResultsFile], table_id: str) -> str:
    splits = splits_of(runs)
    rows = []
    for rank, run in ranked(runs):
        value, ci = score(run)
        parts = run["headline"]["splits"]
        rows.append(
            f"<tr><td>{rank}</td>{_name(run)}<td>{run['aggregate']['items']}</td>"
            + _cell(value, ci)
            + "".join(_cell(parts.get(s)) for s in splits)
            + f"<td>{escape(run['created_at'][:10])}</td></tr>"
        )
    return _table(["Rank", "Model", "Items", "Headline", *splits, "Date"], rows, table_id)


def _split(runs: Sequence[ResultsFile], split: str, table_id: str) -> str:
    columns = split_columns(runs, split)
    rows = []
    for rank, run in ranked(runs, split):
        part = run["splits"][split]
        rows.append(
            f"<tr><td>{rank}</td>{_name(run)}<td>{part['items']}</td>"
            + _cell(*score(run, split))
            + "".join(_cell(part["metrics"].get(c), _bounds(part["ci95"].get(c))) for c in columns)
            + "</tr>"
        )
    return _table(["Rank", "Model", "Items", "Score", *columns], rows, table_id)


def _bounds(values: list[float] | None) -> tuple[float, float] | None:
    return (float(values[0]), float(values[1])) if values else None


def _by_domain(runs: Sequence[ResultsFile]) -> str:
    """Mean item score per domain (items of every split), one row per model."""
    per_run = []
    for run in runs:
        values: dict[str, list[float]] = defaultdict(list)
        for item in run["items"]:
            values[item["domain"]].append(item_score(item))
        per_run.append((run, {d: sum(v) / len(v) for d, v in values.items()}))
    domains = sorted({d for _, means in per_run for d in means})
    rows = [
        f"<tr>{_name(run)}" + "".join(_cell(means.get(d)) for d in domains) + "</tr>"
        for run, means in per_run
    ]
    return "<h3>By domain (mean item score)</h3>" + _table(["Model", *domains], rows)


def _similarity(runs: Sequence[ResultsFile]) -> str:
    present = [m for m in SIMILARITY if any(m in r["aggregate"]["metrics"] for r in runs)]
    if not present:
        return ""
    rows = [
        f"<tr>{_name(run)}"
        + "".join(_cell(run["aggregate"]["metrics"].get(m)) for m in present)
        + "</tr>"
        for run in runs
    ]
    return (
        "<h3>Similarity to the reference (not correctness)</h3><p class='ci'>How close the "
        "answers are to the item's one reference solution; a correct answer written another "
        "way scores low, a wrong one written alike scores high.</p>"
        + _table(["Model", *present], rows)
    )


def _pyplot() -> Any:
    """matplotlib.pyplot on the file-only Agg backend (imported when a page is drawn)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(figure: Any) -> str:
    plt = _pyplot()

    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _plot(runs: Sequence[ResultsFile], splits: Sequence[str]) -> str:
    """Grouped bars: each model's score per split and its headline, as an inline PNG."""
    import numpy as np

    plt = _pyplot()

    groups = [*splits, "headline"]
    width = 0.8 / max(1, len(runs))
    figure, axis = plt.subplots(figsize=(max(5.0, 1.6 * len(groups) + 2), 3.4), dpi=100)
    for index, run in enumerate(runs):
        values = [run["headline"]["splits"].get(s, 0.0) for s in splits]
        values.append(run["headline"]["score"])
        x = np.arange(len(groups)) + (index - (len(runs) - 1) / 2) * width
        axis.bar(x, values, width, label=run["model_name"])
    axis.set_xticks(range(len(groups)), groups)
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("score")
    axis.legend(fontsize=8, loc="upper right")
    data = _png(figure)
    return f'<img alt="score per split by model" src="data:image/png;base64,{data}">'


def _split_plot(runs: Sequence[ResultsFile], split: str) -> str:
    """One split: each model's score with its 95 % interval, best first, as an inline PNG."""
    plt = _pyplot()

    rows = [(run["model_name"], *score(run, split)) for _, run in ranked(runs, split)]
    figure, axis = plt.subplots(figsize=(6.0, 0.5 + 0.45 * len(rows)), dpi=100)
    names = [name for name, _, _ in rows][::-1]
    values = [value for _, value, _ in rows][::-1]
    errors = [
        [value - (ci or (value, value))[0] for _, value, ci in rows][::-1],
        [(ci or (value, value))[1] - value for _, value, ci in rows][::-1],
    ]
    axis.barh(names, values, xerr=errors, color="#7a9cc6", capsize=3)
    axis.set_xlim(0, 1.05)
    axis.set_xlabel(f"{split} score (95 % interval)")
    data = _png(figure)
    return f'<img alt="{escape(split)} score by model" src="data:image/png;base64,{data}">'


def _ident(base: str, index: int) -> str:
    return base if index == 0 else f"{base}-{index + 1}"


def render_html(
    runs: Sequence[Run], results_dir: Path | None = None, prompts: Mapping[str, str] | None = None
) -> str:
    """The page. With `results_dir`, the item panel shows completions from the samples files
    beside the results; `prompts` (item id -> prompt) fills in the prompts."""
    sections = []
    for index, (sig, group) in enumerate(group_runs(runs)):
        latest = latest_per_model(group)
        sections.append(
            f"<h2>Headline, item set <code>{fingerprint(sig)}</code></h2>"
            + _items_note(sig)
            + _headline(group, _ident("headline", index))
            + _plot(latest, splits_of(latest))
            + _by_domain(latest)
            + _similarity(latest)
        )
    for split in splits_of(runs):
        for index, (sig, group) in enumerate(group_runs(runs, split)):
            sections.append(
                f"<h2>Split <code>{escape(split)}</code>, item set <code>{fingerprint(sig)}"
                f"</code></h2>"
                + _items_note(sig)
                + _split(group, split, _ident(f"split-{split}", index))
                + _split_plot(latest_per_model(group), split)
            )
    latest = latest_per_model(runs)
    sections.append(matrix_html(latest))
    data = explorer_data(latest, results_dir, prompts or {}) if results_dir else None
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>IoTBench leaderboard</title><style>{_STYLE}</style></head><body>"
        "<h1>IoTBench leaderboard</h1><p>Each model's latest run. The headline weighs every "
        "split equally; ranks are shared while 95 % intervals overlap; click a column header "
        "to sort, and see <a href='#items'>items by model</a> for what each model fails and "
        "what it wrote. Generated by <code>iotbench leaderboard</code>.</p>"
        + "".join(sections)
        + data_script(data or {"items": {}, "runs": []})
        + "</body></html>\n"
    )
