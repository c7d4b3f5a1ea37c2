"""Quality, speed and memory of every application item's shipped solutions, as a Markdown table.

    .venv/bin/python benchmarks/applications.py [--items SUBSTRING ...] [--solutions a,b]
                                                [--iot-data KEY=SOURCE ...] [--sandbox process]

Each item's solutions (reference.py, generic.py and any other shipped program) are scored by the
item's own public scorer through the sandbox, exactly as `pytest iotbench` scores a model's
completions: the data are the items' standard synthetic sets unless --iot-data names real ones.

Columns: accuracy (HAR items), precision / recall (heartbeat detection), F1 (macro-F1 for HAR),
call s (the measured call: training + inference for HAR, all records for HD), ms/sample (per test
recording for HAR, per ECG record for HD), peak MB (the program's peak resident memory), +MB
(HAR: above a do-nothing program given the same inputs, the figure the memory budgets use).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Sequence

from harness.results import SampleResult
from harness.sandbox import SandboxMode
from iotbench.catalog import ITEMS_DIR, load_items
from iotbench.item import Item, ItemError, load_item
from iotbench.scorers import ScoringContext, make_scorer

HEADER = (
    "| item | solution | status | accuracy | P / R | F1 | call s | ms/sample | peak MB "
    "| +MB |\n|---|---|---|---|---|---|---|---|---|---|"
)


def _number(metrics: dict[str, float], name: str, digits: int) -> str:
    return f"{metrics[name]:.{digits}f}" if name in metrics else "—"


def row(item: Item, solution: str, result: SampleResult) -> str:
    """One table row for one scored solution."""
    m = result.metrics
    if "accuracy" in m:  # HAR
        f1, call_s, per_sample = (
            _number(m, "macro_f1", 3),
            _number(m, "seconds", 1),
            _number(m, "ms_per_sample", 1),
        )
        pr = "—"
    else:  # heartbeat detection
        f1 = _number(m, "f1", 3)
        pr = f"{m['precision']:.3f} / {m['recall']:.3f}" if "precision" in m else "—"
        records = sum(1 for name in m if name.startswith("f1["))
        call_s = f"{m['latency_ms'] * records / 1000:.1f}" if "latency_ms" in m and records else "—"
        per_sample = _number(m, "latency_ms", 1)
    return (
        f"| {item.id} | {solution} | {result.status} | {_number(m, 'accuracy', 3)} | {pr} "
        f"| {f1} | {call_s} | {per_sample} | {_number(m, 'peak_memory_mb', 0)} "
        f"| {_number(m, 'memory_mb', 0)} |"
    )


def benchmark(
    items: Sequence[Item], solutions: Sequence[str] | None, context: ScoringContext
) -> list[str]:
    """Score the chosen solutions of every item; one table row each, plus a per-item timing."""
    rows = []
    for item in items:
        shipped = item.solutions
        names = [
            n
            for n in (
                solutions or sorted(shipped, key=lambda n: (n != "reference", n != "generic", n))
            )
            if n in shipped
        ]
        start = time.perf_counter()
        results = make_scorer(item, context).score([(i, shipped[n]) for i, n in enumerate(names)])
        rows += [row(item, name, result) for name, result in zip(names, results, strict=True)]
        print(
            f"  scored {item.id} ({len(names)} programs) in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
    return rows


def application_items() -> list[Item]:
    """All application items; if some item folder is broken, the others (and a note)."""
    try:
        return [item for item in load_items() if item.kind == "application"]
    except ItemError:
        pass
    items = []
    for folder in sorted(p.parent for p in ITEMS_DIR.glob("*/item.yaml")):
        try:
            item = load_item(folder)
        except ItemError as exc:
            print(f"  skipped {folder.name}: {exc}")
            continue
        if item.kind == "application":
            items.append(item)
    return items


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items",
        nargs="*",
        default=[],
        help="only items whose id contains one of these substrings",
    )
    parser.add_argument(
        "--solutions", default="", help="comma-separated solution names (default: all shipped)"
    )
    parser.add_argument(
        "--iot-data",
        action="append",
        default=[],
        metavar="KEY=SOURCE",
        help="real data for an item's data key, as for pytest iotbench",
    )
    parser.add_argument("--sandbox", choices=[m.value for m in SandboxMode], default="bwrap")
    args = parser.parse_args(argv)
    data = dict(entry.split("=", 1) for entry in args.iot_data)
    items = [
        item
        for item in application_items()
        if not args.items or any(s in item.id for s in args.items)
    ]
    context = ScoringContext(SandboxMode(args.sandbox), None, data)
    solutions = [s for s in args.solutions.split(",") if s] or None
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"sandbox {args.sandbox}, data: {data or 'the items standard synthetic sets'}"
    )
    rows = benchmark(items, solutions, context)
    print()
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
