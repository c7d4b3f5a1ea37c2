"""False alarms and power of the `--compare` regression gate, by simulation.

Pairs of synthetic runs go through the real gate (`harness.compare.Baseline.gate`): per-item true
pass rates drawn from a U-shaped spread (most items nearly always or nearly never pass, as on a
real leaderboard), n completions per item, items in the benchmark's four splits. A pair of runs of
the same model must pass the gate; a candidate whose true headline pass@1 is DROP lower must fail.

    .venv/bin/python benchmarks/gate.py [--trials 200] [--n 20] [--items 165] [--drops 0.02,0.05]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from harness.compare import Baseline
from harness.results import build_results

# the shares of the benchmark's splits at 165 items: 109 spec, 48 decomposition, 8 applications
SHARES = {"spec": 109, "decomposition": 48, "applications": 8}


def splits_for(items: int) -> list[str]:
    total = sum(SHARES.values())
    names = [name for name, count in SHARES.items() for _ in range(round(count * items / total))]
    return (names + ["spec"] * items)[:items]


def run_items(rates: np.ndarray, splits: list[str], n: int, rng: np.random.Generator) -> list[Any]:
    items = []
    for i, (rate, split) in enumerate(zip(rates, splits, strict=True)):
        passes = rng.random(n) < rate
        items.append(
            {
                "id": f"item{i:03d}",
                "version": 1,
                "kind": "codegen",
                "domain": "imu",
                "split": split,
                "headline": "pass@1",
                "content_hash": "h",
                "n": n,
                "metrics": {"pass@1": float(passes.mean())},
                "ci95": {},
                "status_counts": {},
                "samples": [
                    {
                        "sample_idx": k,
                        "status": "pass" if p else "fail",
                        "metrics": {},
                        "reason": "",
                        "wall_seconds": 0.0,
                        "extraction": "fenced",
                    }
                    for k, p in enumerate(passes)
                ],
            }
        )
    return items


def lowered(rates: np.ndarray, splits: list[str], drop: float) -> np.ndarray:
    """Rates whose headline (the mean of split means) is exactly `drop` lower."""

    def headline(r: np.ndarray) -> float:
        return float(np.mean([r[[s == name for s in splits]].mean() for name in set(splits)]))

    target, low, high = headline(rates) - drop, 0.0, 1.0
    for _ in range(60):  # bisection on a uniform shift, clipped to [0, 1]
        mid = (low + high) / 2
        low, high = (mid, high) if headline(np.clip(rates - mid, 0, 1)) > target else (low, mid)
    return np.clip(rates - high, 0, 1)


def fails(base_items: list[Any], new_items: list[Any], folder: Path) -> bool:
    doc = build_results(
        run_id="base", created_at="2026-01-01T00:00:00+00:00", model="m", model_name="m",
        generation={}, environment={}, items=base_items, complete=True, benchmark_version="0",
    )  # fmt: skip
    path = folder / "base.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return Baseline(path).gate(new_items).regressed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--items", type=int, default=165)
    parser.add_argument("--drops", default="0.02,0.03,0.05,0.08")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    splits = splits_for(args.items)
    drops = [0.0] + [float(d) for d in args.drops.split(",")]
    failed = dict.fromkeys(drops, 0)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.trials):
            rates = rng.beta(0.4, 0.4, args.items)  # U-shaped: most items near 0 or 1
            base = run_items(rates, splits, args.n, rng)
            for drop in drops:
                new = run_items(lowered(rates, splits, drop), splits, args.n, rng)
                failed[drop] += fails(base, new, Path(scratch))
    seconds = time.perf_counter() - start
    print(f"{args.trials} trials, {args.items} items, n = {args.n}, tolerance 0.02, alpha 0.05 "
          f"({seconds:.0f} s)")  # fmt: skip
    for drop in drops:
        rate = failed[drop] / args.trials
        what = "same model: passes" if drop == 0 else f"headline {drop:.2f} lower: fails"
        shown = 1 - rate if drop == 0 else rate
        print(f"  {what:<34} {shown:6.1%}")


if __name__ == "__main__":
    main()
