"""Scoring time of an n = 20 run whose code-generation completions fail as a weak model's do.

    .venv/bin/python benchmarks/scoring_n20.py [--every M] [--keep FILE]

Builds a samples file with 20 distinct completions per item and scores it with
``pytest iotbench --samples FILE`` in a fresh process (benchmarks/run_timing.py):

- code generation: up to 20 one-site mutants of the reference (``harness.mutation``); most fail
  their hidden tests, some time out, a few survive. Where an item has fewer mutation sites, the
  rest are mutants again with a comment line that makes them distinct (each is run);
- applications: the reference, each copy made distinct by a comment line (every one runs, as 20
  samples of a model that solved the item would);
- decomposition: the reference plan with one sub-task left out, a different one each time.

``--every M`` scores every M-th item of each kind only and also prints the full run's time
extrapolated per kind from the measured items (labelled as such). Printed: per kind, items,
samples, the items' test time and the programs' execution time; the run's wall time in minutes
(issue 18's target for the full run: at most 12 min on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from run_timing import load_average, print_timing, timed_run

from harness import sandbox
from harness.metrics.subtasks import blocks
from harness.mutation import mutants
from iotbench.catalog import load_items
from iotbench.item import Item

N = 20


def _fenced(code: str) -> str:
    return f"```python\n{code}\n```\n"


def completions(item: Item) -> list[str]:
    """N distinct completions for `item` (see the module docstring)."""
    if item.kind == "decomposition":
        reference = item.read("reference.md")
        parts = blocks(reference) or [reference]
        plans = ["\n\n".join(p for j, p in enumerate(parts) if j != i) for i in range(len(parts))]
        texts = [reference, *plans]
        return [texts[i % len(texts)] + "\n" * (i // len(texts)) for i in range(N)]
    reference = item.read("reference.py")
    if item.kind != "codegen":
        return [_fenced(f"{reference}\n# copy {i}") for i in range(N)]
    variants = [m.code for m in mutants(reference, limit=N)] or [reference]
    return [
        _fenced(variants[i % len(variants)] + (f"\n# copy {i}" if i >= len(variants) else ""))
        for i in range(N)
    ]


def write_samples(path: Path, items: list[Item]) -> int:
    lines = []
    for item in items:
        for index, text in enumerate(completions(item)):
            record = {"item_id": item.id, "sample_idx": index, "completion": text}
            lines.append(json.dumps({**record, "item_version": item.version}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="score every M-th item of a kind")
    parser.add_argument("--keep", type=Path, default=None, help="also write the samples here")
    args = parser.parse_args()
    items = load_items()
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    chosen = [item for group in by_kind.values() for item in group[:: args.every]]
    print(f"load average at start: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="iotbench-n20-") as tmp:
        samples = args.keep or Path(tmp) / "n20.samples.jsonl"
        count = write_samples(samples, chosen)
        print(f"{count} completions for {len(chosen)} of {len(items)} items (n = {N})")
        timing = timed_run(["--samples", str(samples)])
    print_timing(timing)
    print(f"measured: {timing.wall_seconds / 60:.1f} min of wall time")
    if args.every > 1:
        fixed = timing.wall_seconds - timing.test_seconds
        full = fixed + sum(
            kind.test_seconds * len(by_kind[name]) / kind.items
            for name, kind in timing.kinds.items()
        )
        print(f"extrapolated to all {len(items)} items (not measured): {full / 60:.1f} min")
    cores = sandbox.default_workers()
    executed = sum(
        kind.execution_seconds * len(by_kind[name]) / kind.items
        for name, kind in timing.kinds.items()
    )
    print(
        f"the programs alone, all items: {executed / 60:.1f} min of execution"
        + (" (extrapolated)" if args.every > 1 else "")
        + f", at least {executed / cores / 60:.1f} min on {cores} sandbox worker(s)"
    )
    print("target for the full run: <= 12 min on 2 cores")
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
