"""`--shard K/N`: score a deterministic share of the items, balanced by measured cost.

N CI jobs, Slurm array tasks or Kubernetes jobs each run ``pytest iotbench --shard K/N`` with the
same ``--data-seed``, and ``iotbench merge`` joins their results files into one. The assignment
depends only on the item set and the cost table, never on -k, the machine or the order of
collection, so every shard agrees on it: the items are taken most expensive first and each goes
to the shard with the least cost so far (longest processing time first, ties by item id).

The costs (``item_costs.json``, seconds per sample) are measured: `scripts/item_costs` writes them
from a results file (program time in the sandbox plus a fixed scoring overhead). An item the
table does not know costs the table's median.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path

from harness.results import ResultsFile

COSTS_FILE = Path(__file__).resolve().parent / "item_costs.json"
SCORING_SECONDS = 0.5  # per item beyond the programs' own time: extraction, analysis, metrics


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N) with 1 <= K <= N; ValueError with the expected form otherwise."""
    k, slash, n = text.partition("/")
    try:
        shard, count = int(k), int(n)
    except ValueError:
        shard = count = 0
    if not slash or not 1 <= shard <= count:
        raise ValueError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return shard, count


def item_costs(path: Path = COSTS_FILE) -> dict[str, float]:
    """The shipped cost table (empty when there is none: every item then costs the same)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data.get("seconds", {}).items()}


def assign(ids: Sequence[str], count: int, costs: Mapping[str, float]) -> dict[str, int]:
    """Item id -> shard number (1..count), balanced by cost."""
    known = [costs[i] for i in ids if i in costs]
    default = statistics.median(known) if known else 1.0
    loads = [0.0] * count
    shards: dict[str, int] = {}
    for item_id in sorted(ids, key=lambda i: (-costs.get(i, default), i)):
        target = min(range(count), key=lambda s: (loads[s], s))
        loads[target] += costs.get(item_id, default)
        shards[item_id] = target + 1
    return shards


def costs_from_results(results: ResultsFile) -> dict[str, float]:
    """Seconds per sample of each item of a results file: its programs' mean wall time plus the
    scoring overhead (decomposition items run no program)."""
    out: dict[str, float] = {}
    for item in results["items"]:
        walls = [float(s.get("wall_seconds") or 0.0) for s in item.get("samples", [])]
        out[item["id"]] = round(SCORING_SECONDS + (sum(walls) / len(walls) if walls else 0.0), 3)
    return out
