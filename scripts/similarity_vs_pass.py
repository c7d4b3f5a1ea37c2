"""How well the similarity metrics track correctness in the committed runs (results/*.json).

For every sample of every run: the point-biserial correlation (Pearson's r between the metric
and pass = 1 / fail = 0) of code generation's ``embedding_similarity`` and ``codebleu``, and of
decomposition's ``bleu``, with the sample's pass/fail, pooled over the runs; also the share of
(wrong, correct) pairs on the same item where the wrong sample scores higher. Printed for all
runs, then without the `reference` model's runs (the reference solutions themselves, similar to
the reference by construction). docs/metrics.md quotes the output.

    python scripts/similarity_vs_pass.py [RESULTS_DIR]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

METRICS = {"codegen": ("embedding_similarity", "codebleu"), "decomposition": ("bleu",)}


def collect(
    results: Path, skip_models: tuple[str, ...] = ()
) -> dict[str, list[tuple[str, float, bool]]]:
    """metric -> (item id, value, passed) for every sample that has the metric."""
    out: dict[str, list[tuple[str, float, bool]]] = defaultdict(list)
    for path in sorted(results.glob("*.json")):
        run = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(run, dict) or "items" not in run or run.get("model") in skip_models:
            continue
        for item in run["items"]:
            for metric in METRICS.get(item["kind"], ()):
                for sample in item.get("samples", []):
                    value = sample["metrics"].get(metric)
                    if value is not None:
                        key = str(item["id"])
                        out[metric].append((key, float(value), sample["status"] == "pass"))
    return out


def report(rows: list[tuple[str, float, bool]]) -> str:
    values = np.array([v for _, v, _ in rows])
    passed = np.array([p for _, _, p in rows], dtype=float)
    n_pass = int(passed.sum())
    if n_pass in (0, len(rows)):
        return f"n={len(rows)}, passing {n_pass}: no correlation (one class only)"
    r = float(np.corrcoef(values, passed)[0, 1])
    by_item: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for key, value, ok in rows:
        by_item[key].append((value, ok))
    inverted = total = 0
    for samples in by_item.values():
        for wrong in (v for v, ok in samples if not ok):
            for right in (v for v, ok in samples if ok):
                total += 1
                inverted += wrong > right
    pairs = f"{inverted}/{total} wrong-above-correct pairs on one item" if total else "no pairs"
    return (
        f"n={len(rows)}, passing {n_pass}, point-biserial r = {r:+.2f}; mean passing "
        f"{values[passed == 1].mean():.3f}, failing {values[passed == 0].mean():.3f}; {pairs}"
    )


def main() -> None:
    results = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("results")
    for title, skip in (("all runs", ()), ("without the reference model", ("reference",))):
        print(f"{title}:")
        for metric, rows in sorted(collect(results, skip).items()):
            print(f"  {metric}: {report(rows)}")


if __name__ == "__main__":
    main()
