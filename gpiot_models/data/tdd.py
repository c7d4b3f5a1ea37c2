"""The task-decomposition dataset (TDD): hand-written seeds plus IoT-oriented augmentation.

`build_tdd` turns every seed in ``tdd_seeds/`` into chat records (system, user problem statement,
assistant reference decomposition), adds every valid rule-based rewrite from
`gpiot_models.data.augment` (operators A1 sensor modality, A2 data representation, A3 resource
budget, and their combinations) and, when given an adapter, the rewrites a language model proposes
(`lm_augment`, the idea of the paper's Fig. 8b, kept to the options the rule tables allow).
`select_variants` can keep only the rewrites that add the most new text per seed. Duplicated
(statement, decomposition) pairs are dropped. Seeds are read by `gpiot_models.data.seeds`.
``python -m gpiot_models.data.tdd`` prints the counts per operator and domain.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from gpiot_models.data.augment import (
    RuleError,
    Seed,
    SubTaskSpec,
    Variant,
    augment_seed,
    load_rules,
    render,
    variant_id,
)
from gpiot_models.data.seeds import SEEDS_DIR, check_seed, load_seed, load_seeds
from gpiot_models.data.tdd_lm import lm_augment, lm_options, parse_lm_output
from harness.adapters import ModelAdapter

__all__ = [
    "COLUMNS",
    "SEEDS_DIR",
    "SYSTEM_PROMPT",
    "build_tdd",
    "check_seed",
    "lm_augment",
    "lm_options",
    "load_seed",
    "load_seeds",
    "parse_lm_output",
    "render",
    "select_variants",
    "summarize",
]

SYSTEM_PROMPT = (
    "You are an IoT application developer. Decompose the user's problem into sub-tasks and give "
    "the implementation steps of each. Start every sub-task with a line "
    "'- Sub-Task N [Task Name]', list its steps below it as indented '- ' bullets, and separate "
    "sub-tasks by one blank line."
)
COLUMNS = ("id", "messages", "task_type", "domain", "operator", "source", "package_version")


def make_record(
    rid: str,
    statement: str,
    decomposition: str,
    *,
    task_type: str,
    domain: str,
    operator: str,
    source: str,
) -> dict[str, Any]:
    """One TDD record in the columns the data builder expects."""
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": statement},
        {"role": "assistant", "content": decomposition},
    ]
    return {
        "id": rid,
        "messages": messages,
        "task_type": task_type,
        "domain": domain,
        "operator": operator,
        "source": source,
        "package_version": "",
    }


def select_variants(
    seed: Seed, variants: Sequence[Variant], limit: int, seen: set[str] | None = None
) -> list[Variant]:
    """At most `limit` of a seed's rewrites (all when `limit` is 0), chosen for new text.

    Greedy: each pick is the rewrite whose decomposition adds the most step lines not yet in
    `seen` (the step lines of the records kept so far, across seeds; updated here), ties going
    to the earlier rewrite in `augment_seed`'s order. So a seed's records differ from one
    another and from other seeds' instead of repeating the parts no operator touches.
    """
    seen = set() if seen is None else seen

    def lines(subtasks: Sequence[SubTaskSpec]) -> set[str]:
        return {step for sub in subtasks for step in sub.steps}

    seen |= lines(seed.subtasks)
    if limit <= 0 or len(variants) <= limit:
        for variant in variants:
            seen |= lines(variant.subtasks)
        return list(variants)
    left, chosen = list(variants), list[Variant]()
    while left and len(chosen) < limit:
        gains = [len(lines(variant.subtasks) - seen) for variant in left]
        best = left.pop(gains.index(max(gains)))  # the first of equals
        chosen.append(best)
        seen |= lines(best.subtasks)
    order = {id(v): i for i, v in enumerate(variants)}
    return sorted(chosen, key=lambda v: order[id(v)])


def build_tdd(
    *, adapter: ModelAdapter | None = None, seed: int = 0, variants: int = 0
) -> list[dict[str, Any]]:
    """Seeds, their rule-based rewrites and (with `adapter`) language-model rewrites.

    Deterministic for a given `seed` (which picks among equivalent sentence wordings and seeds
    the language model); records keep a fixed order: seeds, rule-based rewrites, LM rewrites.
    `variants` > 0 keeps at most that many rule-based rewrites per seed (`select_variants`).
    """
    rules, seeds = load_rules(SEEDS_DIR), load_seeds(SEEDS_DIR)
    records: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(record: dict[str, Any]) -> None:
        key = (record["messages"][1]["content"], record["messages"][2]["content"])
        if key not in seen:
            seen.add(key)
            records.append(record)

    for item in seeds:
        add(
            make_record(
                item.id,
                item.statement,
                render(item.subtasks),
                task_type="seed",
                domain=item.domain,
                operator="",
                source=item.id,
            )
        )
    kept_lines: set[str] = set()
    for item in seeds:
        candidates = list(augment_seed(item, rules, seed_value=seed))
        for variant in select_variants(item, candidates, variants, kept_lines):
            domain = (
                rules.modalities[variant.modality]["domain"]
                if "A1" in variant.operators
                else item.domain
            )
            add(
                make_record(
                    variant_id(item, variant),
                    variant.statement,
                    render(variant.subtasks),
                    task_type="augmented",
                    domain=domain,
                    operator=variant.operator(),
                    source=item.id,
                )
            )
    if adapter is not None:
        rewrites, _ = lm_augment(seeds, adapter, rules, seed_value=seed)
        for rewrite in rewrites:
            domain = (
                rules.modalities[rewrite.option]["domain"]
                if rewrite.operator == "A1"
                else rewrite.seed.domain
            )
            op = rewrite.operator.lower()
            rid = f"{rewrite.seed.id}__lm-{op}-{rewrite.option}-{rewrite.index}"
            add(
                make_record(
                    rid,
                    rewrite.statement,
                    render(rewrite.subtasks),
                    task_type="augmented",
                    domain=domain,
                    operator=rewrite.operator,
                    source=rewrite.seed.id,
                )
            )
    return records


def summarize(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Record counts per operator ("" = seed) and per domain."""
    return {
        "operator": dict(sorted(Counter(r["operator"] or "seed" for r in records).items())),
        "domain": dict(sorted(Counter(r["domain"] for r in records).items())),
    }


def main() -> int:
    """Print how many records `build_tdd` makes, per operator and per domain."""
    started = time.perf_counter()
    try:
        records = build_tdd()
    except RuleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"{len(records)} TDD records from {len(load_seeds())} seeds in "
        f"{time.perf_counter() - started:.2f} s"
    )
    for column, table in summarize(records).items():
        print(f"per {column}: " + ", ".join(f"{k} {v}" for k, v in table.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
