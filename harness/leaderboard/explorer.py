"""The browsable part of leaderboard.html: a models x items matrix and an item panel.

The matrix shows each model's score on each item (pass rate, or the item's headline metric) so a
reader sees what a model fails; clicking an item opens a panel with its prompt and, per model,
the first completions with their statuses and reasons. Everything is embedded in the page as one
JSON blob (the page stays a single file that works from disk), and the panel is filled with
`textContent`, never parsed as HTML: completions are hostile text. Hidden tests are never in the
results files, and the completions of oracle adapters (`reference`, whose answers are the items'
own solutions) are left out. Deep links: ``#item=ID`` opens an item, ``#sort=TABLE:COLUMN[:desc]``
sorts a table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from harness.leaderboard.runs import Run, display_name
from harness.results import SPLITS, ResultsFile, item_score

SHOWN_PER_ITEM = 3  # completions per model and item in the panel (all are in the samples file)
MAX_CHARS = 20_000  # of one completion in the page
ORACLES = ("reference",)  # adapters whose completions are the items' reference solutions

SCRIPT = """
(function () {
  const data = JSON.parse(document.getElementById('iotbench-data').textContent);
  function key(row, col) {
    const cell = row.cells[col];
    const text = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
    const n = parseFloat(text);
    return isNaN(n) ? text : n;
  }
  function sortTable(table, col, desc) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = key(a, col), y = key(b, col);
      const r = (typeof x === 'number' && typeof y === 'number') ? x - y
        : String(x).localeCompare(String(y));
      return desc ? -r : r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.dataset.sorted = col + (desc ? ':desc' : ':asc');
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    Array.from(table.tHead.rows[0].cells).forEach(function (th, col) {
      th.title = 'sort';
      th.addEventListener('click', function () {
        sortTable(table, col, table.dataset.sorted === col + ':asc');
      });
    });
  });
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function openItem(id) {
    const item = data.items[id];
    const panel = document.getElementById('item-panel');
    if (!item || !panel) return;
    panel.replaceChildren();
    panel.appendChild(el('h3', '', id));
    panel.appendChild(el('p', 'ci', item.split + ' \\u00b7 ' + item.domain));
    panel.appendChild(el('pre', 'prompt', item.prompt || '(prompt not available)'));
    data.runs.forEach(function (run) {
      const samples = run.samples[id];
      if (!samples) return;
      const box = el('div', 'run');
      box.appendChild(el('h4', '', run.name));
      if (run.note) box.appendChild(el('p', 'ci', run.note));
      samples.forEach(function (s) {
        const line = el('p', 'sample');
        line.appendChild(el('span', 'status ' + s.status, s.status));
        line.appendChild(document.createTextNode(' #' + s.idx + ' ' + (s.reason || '')));
        box.appendChild(line);
        if (s.completion !== null) box.appendChild(el('pre', 'completion', s.completion));
      });
      panel.appendChild(box);
    });
    panel.hidden = false;
    panel.scrollIntoView();
  }
  document.querySelectorAll('[data-item]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      openItem(link.dataset.item);
      history.replaceState(null, '', '#item=' + encodeURIComponent(link.dataset.item));
    });
  });
  const params = new URLSearchParams(location.hash.slice(1));
  const sort = params.get('sort');
  if (sort) {
    const parts = sort.split(':');
    const table = document.getElementById(parts[0]);
    if (table) sortTable(table, parseInt(parts[1], 10), parts[2] === 'desc');
  }
  if (params.get('item')) openItem(params.get('item'));
})();
"""


def _samples_file(results_dir: Path, run: Run) -> Path:
    named = Path(str(run["generation"].get("samples_file") or "")).name
    beside = results_dir / named if named else None
    if beside is not None and beside.is_file():
        return beside
    return results_dir / f"{run['run_id']}.samples.jsonl"


def _completions(path: Path) -> dict[tuple[str, int], str]:
    """(item id, sample index) -> completion of a samples file; unreadable lines are skipped
    (the page shows what it could read, the results file stays the record)."""
    out: dict[tuple[str, int], str] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            record = json.loads(line)
            out[(str(record["item_id"]), int(record["sample_idx"]))] = str(record["completion"])
        except (ValueError, KeyError, TypeError):
            continue
    return out


def _run_data(results_dir: Path, run: Run) -> dict[str, object]:
    oracle = run["model"].split(":", 1)[0] in ORACLES
    texts = {} if oracle else _completions(_samples_file(results_dir, run))
    samples: dict[str, list[dict[str, object]]] = {}
    for item in run["items"]:
        shown = []
        for sample in item.get("samples", [])[:SHOWN_PER_ITEM]:
            text = texts.get((item["id"], sample["sample_idx"]))
            shown.append(
                {
                    "idx": sample["sample_idx"],
                    "status": sample["status"],
                    "reason": str(sample.get("reason") or "")[:500],
                    "completion": None if text is None else text[:MAX_CHARS],
                }
            )
        samples[item["id"]] = shown
    note = "completions not shown: this adapter answers with the items' reference solutions"
    return {"name": display_name(run), "note": note if oracle else "", "samples": samples}


def explorer_data(
    runs: Sequence[Run], results_dir: Path, prompts: Mapping[str, str]
) -> dict[str, object]:
    """The JSON blob of the page: items (prompt, split, domain) and each run's shown samples."""
    items: dict[str, dict[str, str]] = {}
    for run in runs:
        for item in run["items"]:
            items.setdefault(
                item["id"],
                {"split": item["split"], "domain": item["domain"], "prompt": ""},
            )
    for item_id, meta in items.items():
        meta["prompt"] = prompts.get(item_id, "")
    return {"items": items, "runs": [_run_data(results_dir, run) for run in runs]}


def _colour(value: float) -> str:
    return f"hsl({120 * max(0.0, min(1.0, value)):.0f}, 55%, 82%)"


def matrix_html(runs: Sequence[ResultsFile]) -> str:
    """Models x items: each cell the item's score for that model, coloured red to green."""
    order = {split: index for index, split in enumerate(SPLITS)}
    rows: dict[str, tuple[str, str]] = {}
    scores: list[dict[str, float]] = []
    for run in runs:
        per_item = {}
        for item in run["items"]:
            rows.setdefault(item["id"], (item["split"], item["domain"]))
            per_item[item["id"]] = item_score(item)
        scores.append(per_item)
    head = "".join(f"<th>{escape(h)}</th>" for h in ("Item", "Split", "Domain"))
    head += "".join(f"<th>{escape(display_name(run))}</th>" for run in runs)
    body = []
    for item_id, (split, domain) in sorted(rows.items(), key=lambda r: (order[r[1][0]], r[0])):
        cells = [
            f"<td class='name'><a href='#item={escape(item_id)}' data-item='{escape(item_id)}'>"
            f"{escape(item_id)}</a></td><td class='name'>{escape(split)}</td>"
            f"<td class='name'>{escape(domain)}</td>"
        ]
        for per_item in scores:
            value = per_item.get(item_id)
            cells.append(
                "<td data-v=''>–</td>"
                if value is None
                else f"<td data-v='{value:.6f}' style='background:{_colour(value)}'>"
                f"{value:.2f}</td>"
            )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        "<h2 id='items'>Items by model</h2><p class='ci'>Each cell: the item's score (pass "
        "rate, or its headline metric). Click an item for its prompt and each model's "
        "completions; click a column header to sort.</p>"
        f"<div class='scroll'><table id='matrix' class='sortable'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
        "<div id='item-panel' hidden></div>"
    )


def data_script(data: Mapping[str, object]) -> str:
    """The blob and the script; every `<` is escaped so no completion can end the script."""
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f"<script type='application/json' id='iotbench-data'>{blob}</script>"
        f"<script>{SCRIPT}</script>"
    )
