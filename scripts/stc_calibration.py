"""The STC calibration figures docs/metrics.md quotes: STC of every graded answer in
tests/data/stc_calibration, Spearman's rho with the grades, and how the pass criterion splits
the answers graded <= 2 and >= 4.

    HF_HUB_OFFLINE=1 python scripts/stc_calibration.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from stc_calibration import ITEMS, Variant, load_calibration  # noqa: E402

from harness.metrics.embedding import shared_embedder  # noqa: E402
from harness.metrics.stc import plan_coverage  # noqa: E402
from iotbench.item import load_item  # noqa: E402
from iotbench.scorers.decomposition import PASS_STC  # noqa: E402


def main() -> None:
    by_item: dict[str, list[Variant]] = defaultdict(list)
    for variant in load_calibration():
        by_item[variant.item_id].append(variant)
    embedder = shared_embedder("minilm")
    rows: list[tuple[Variant, float]] = []
    for item_id, variants in by_item.items():
        item = load_item(ITEMS / item_id)
        results = plan_coverage(
            [v.text for v in variants], item.read("reference.md"), embedder, item.prompt
        )
        rows += [(v, r.stc) for v, r in zip(variants, results, strict=True)]
    names = list(dict.fromkeys(v.name for v, _ in rows))
    print("item".ljust(34) + " ".join(name[:9].rjust(9) for name in names))
    table = {(v.item_id, v.name): (stc, v.grade) for v, stc in rows}
    for item_id in by_item:
        cells = (table.get((item_id, n)) for n in names)
        print(
            item_id.ljust(34) + " ".join(f"{c[0]:5.2f} ({c[1]})" if c else " " * 9 for c in cells)
        )
    rho = spearmanr([v.grade for v, _ in rows], [s for _, s in rows]).statistic
    low = [s for v, s in rows if v.grade <= 2]
    high = [s for v, s in rows if v.grade >= 4]
    print(f"answers {len(rows)}, items {len(by_item)}, Spearman rho {rho:.3f}")
    passing = sum(s >= PASS_STC for s in low)
    failing = sum(s < PASS_STC for s in high)
    print(f"graded <= 2: {len(low)}, STC {min(low):.2f}-{max(low):.2f}, passing {passing}")
    print(f"graded >= 4: {len(high)}, STC {min(high):.2f}-{max(high):.2f}, failing {failing}")
    for grade in range(1, 6):
        values = [s for v, s in rows if v.grade == grade]
        if values:
            print(f"grade {grade}: n={len(values)}, mean STC {sum(values) / len(values):.2f}")


if __name__ == "__main__":
    main()
