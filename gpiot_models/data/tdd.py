"""The task-decomposition dataset (TDD): hand-written seeds plus IoT-oriented augmentation.

`build_tdd` turns every seed in ``tdd_seeds/`` into chat records (system, user problem statement,
assistant reference decomposition), adds every valid rule-based rewrite from
`gpiot_models.data.augment` (operators A1 sensor modality, A2 data representation, A3 resource
budget, and their combinations) and, when given an adapter, the rewrites a language model proposes
(`lm_augment`, the idea of the paper's Fig. 8b, kept to the options the rule tables allow).
Duplicated (statement, decomposition) pairs are dropped. ``python -m gpiot_models.data.tdd``
prints the counts per operator and domain.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gpiot_models.data.augment import (
    ROLES,
    SPANS,
    WORKLOADS,
    RuleError,
    Rules,
    Seed,
    SubTaskSpec,
    augment_seed,
    load_rules,
    read_yaml,
    render,
    variant_id,
)
from harness.adapters import GenerationRequest, Message, ModelAdapter
from harness.metrics.text import SubTaskFormatError, parse_subtasks
from iotbench.item import DOMAINS

SEEDS_DIR = Path(__file__).with_name("tdd_seeds")
SYSTEM_PROMPT = (
    "You are an IoT application developer. Decompose the user's problem into sub-tasks and give "
    "the implementation steps of each. Start every sub-task with a line "
    "'- Sub-Task N [Task Name]', list its steps below it as indented '- ' bullets, and separate "
    "sub-tasks by one blank line."
)
COLUMNS = ("id", "messages", "task_type", "domain", "operator", "source", "package_version")
MIN_SUBTASKS, MAX_SUBTASKS = 3, 6
_OPTIONAL_ROLES = ("acquire", "preprocess", "features", "model", "deploy")


def _words(text: str, words: Iterable[str]) -> list[str]:
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]


def _kept_text(seed: Seed, spans: Iterable[str], roles: Iterable[str], arch: bool) -> str:
    """The seed text an operator keeps: statement minus `spans`, sub-tasks of `roles`."""
    statement = seed.statement
    for key in spans:
        statement = statement.replace(seed.spans.get(key, "\0"), " ")
    parts = [statement]
    for sub in seed.subtasks:
        if sub.role in roles:
            parts.extend((sub.name, *sub.steps))
        elif sub.role == "model" and arch:
            parts.extend((sub.name, *sub.steps[1:]))
    return "\n".join(parts)


def check_seed(seed: Seed, rules: Rules) -> None:
    """Check that every operator valid for `seed` can rewrite it coherently; raise RuleError.

    Text an operator keeps must not name what the operator changes (the seed's modality for A1,
    its representation for A2, its platform for A3), and the spans and sub-task roles the
    operators replace must exist.
    """
    where = seed.path
    roles = [sub.role for sub in seed.subtasks]
    for role in _OPTIONAL_ROLES:
        if roles.count(role) > 1:
            raise RuleError(f"{where}: field 'roles' has {role!r} more than once")
    deploy = seed.has_role("deploy")
    if not deploy and len(roles) > MAX_SUBTASKS - 1:
        raise RuleError(
            f"{where}: without a deploy sub-task at most {MAX_SUBTASKS - 1} sub-tasks "
            "(A3 appends one)"
        )
    if deploy and "platform" not in seed.spans:
        raise RuleError(f"{where}: a seed with a deploy sub-task needs spans.platform")
    if not rules.hosts(seed.platform, seed.modality, seed.workload, deploy=deploy):
        raise RuleError(f"{where}: platform {seed.platform!r} cannot host this modality/workload")
    a1 = len(rules.family_modalities(seed)) > 1
    a2 = a1 or len(rules.reps(seed, seed.modality)) > 1
    need_roles = ("acquire", "preprocess", "features", "model") if a1 else ("features", "model")
    need = [(a1, "sensor", need_roles), (a2, "representation", need_roles[-2:])]
    for active, span, required in need:
        if active and span not in seed.spans:
            raise RuleError(f"{where}: this seed can be rewritten, so spans.{span} is required")
        if active and not set(required) <= set(roles):
            raise RuleError(f"{where}: field 'roles' must include {', '.join(required)}")
    platform_span = ("platform",) if deploy else ()
    moves = any(
        p != seed.platform for p, _ in rules.budget_targets(seed, seed.modality, seed.workload)
    )
    checks = [
        (
            a1,
            ("sensor", "sensor_adj", "representation", *platform_span),
            ("keep",),
            True,
            rules.modalities[seed.modality]["keywords"],
            "modality",
        ),
        (
            a2,
            ("representation", *platform_span),
            ("keep", "acquire", "preprocess"),
            True,
            rules.rep(seed, seed.modality, seed.representation)["keywords"] if a2 else [],
            "representation",
        ),
        (
            moves,
            ("platform", "sensor"),
            tuple(r for r in ROLES if r != "deploy"),
            False,
            rules.platforms[seed.platform]["keywords"],
            "platform",
        ),
    ]
    for active, spans, kept_roles, arch, keywords, what in checks:
        found = _words(_kept_text(seed, spans, kept_roles, arch), keywords) if active else []
        if found:
            raise RuleError(
                f"{where}: text outside the replaced parts names the {what} "
                f"({', '.join(found)}); move it into a span or a replaced sub-task"
            )


def _require(ok: bool, path: Path, message: str) -> None:
    if not ok:
        raise RuleError(f"{path}: {message}")


def _field(data: Mapping[str, Any], key: str, path: Path, kind: type = str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", []):
        raise RuleError(f"{path}: field {key!r} must be a non-empty {kind.__name__}")
    return value


def load_seed(path: Path, rules: Rules) -> Seed:
    """Read and validate one seed file."""
    data = read_yaml(path)
    sid = _field(data, "id", path)
    _require(sid == path.stem, path, f"field 'id' is {sid!r} but the file is {path.stem!r}")
    domain, modality = _field(data, "domain", path), _field(data, "modality", path)
    family, platform = data.get("family") or "", _field(data, "platform", path)
    _require(domain in DOMAINS, path, f"field 'domain' must be one of {', '.join(DOMAINS)}")
    _require(
        not family or family in rules.families,
        path,
        f"field 'family' {family!r} is not in _families.yaml",
    )
    _require(
        modality in (rules.families[family]["modalities"] if family else rules.modalities),
        path,
        f"field 'modality' {modality!r} is not known for this family",
    )
    _require(
        platform in rules.platforms,
        path,
        f"field 'platform' {platform!r} is not in _platforms.yaml",
    )
    representation = _field(data, "representation", path)
    _require(
        not family or representation in rules.reps_of(family, modality),
        path,
        f"field 'representation' {representation!r} is not listed for {family}.{modality}",
    )
    raw_spans = data.get("spans") or {}
    spans = {k: " ".join(v.split()) if isinstance(v, str) else "" for k, v in raw_spans.items()}
    statement = " ".join(_field(data, "statement", path).split())
    for key, text in spans.items():
        _require(
            key in SPANS and bool(text) and statement.count(text) == 1,
            path,
            f"spans.{key} must be one of {SPANS} and occur exactly once in the statement",
        )
    try:
        parsed = parse_subtasks(_field(data, "decomposition", path))
    except SubTaskFormatError as exc:
        raise RuleError(f"{path}: field 'decomposition': {exc}") from None
    roles = _field(data, "roles", path, list)
    _require(
        len(roles) == len(parsed) and set(roles) <= set(ROLES),
        path,
        f"field 'roles' needs one of {ROLES} per sub-task ({len(parsed)} sub-tasks)",
    )
    _require(
        MIN_SUBTASKS <= len(parsed) <= MAX_SUBTASKS,
        path,
        f"the decomposition needs {MIN_SUBTASKS}-{MAX_SUBTASKS} sub-tasks",
    )
    workload = (
        rules.representations[rules.families[family]["kind"]][modality][representation][
            "model_kind"
        ]
        if family
        else data.get("workload")
    )
    _require(workload in WORKLOADS, path, f"field 'workload' must be one of {WORKLOADS}")
    budget = data.get("budget", 0)
    _require(
        isinstance(budget, int) and 0 <= budget < max(1, len(rules.platforms[platform]["budgets"])),
        path,
        "field 'budget' must index the budgets",
    )
    allowed = tuple(data.get("modalities") or ())
    _require(
        not family or set(allowed) <= set(rules.families[family]["modalities"]),
        path,
        f"field 'modalities' lists modalities outside {family}",
    )
    platforms = tuple(data.get("platforms") or ())
    _require(
        set(platforms) <= set(rules.platforms), path, "field 'platforms' lists unknown platforms"
    )
    seed = Seed(
        id=sid,
        domain=domain,
        title=_field(data, "title", path),
        family=family,
        modality=modality,
        representation=representation,
        platform=platform,
        budget=budget,
        workload=str(workload),
        app=_field(data, "app", path),
        modalities=allowed,
        platforms=platforms,
        spans=dict(spans),
        statement=statement,
        subtasks=tuple(
            SubTaskSpec(role, sub.title, sub.steps) for role, sub in zip(roles, parsed, strict=True)
        ),
        path=path,
        vars={str(k): str(v) for k, v in (data.get("vars") or {}).items()},
    )
    check_seed(seed, rules)
    return seed


@lru_cache(maxsize=4)
def load_seeds(directory: Path = SEEDS_DIR) -> tuple[Seed, ...]:
    """All seeds of `directory` (files not starting with '_'), sorted by id."""
    rules = load_rules(directory)
    paths = sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))
    if not paths:
        raise RuleError(f"{directory}: no seed files (*.yaml)")
    return tuple(load_seed(path, rules) for path in paths)


# --- the optional language-model rewriter (the paper's Fig. 8b idea, any IoTBench adapter) ---

LM_SYSTEM = (
    "You prepare training data for an assistant that plans IoT software. You get a problem "
    "statement and one rewriting instruction. Rewrite the statement as told, keeping its "
    "application goal and its level of detail, then break the rewritten problem into sub-tasks "
    "with concrete implementation steps that a developer could follow."
)
LM_TASKS = {
    "A1": "Replace the sensor modality with exactly one of: {options}. Change every part of the "
    "problem that depends on the sensor.",
    "A2": "Keep the sensor, but make the solution work on exactly one of these data "
    "representations: {options}.",
    "A3": "Keep the application, but require it to run on exactly one of: {options}, with a "
    "concrete memory and latency budget.",
}
LM_USER = """Problem statement:
{statement}

Instruction: {task}

Reply in exactly this layout and add nothing else:
### Problem
<the rewritten problem statement as one paragraph>

### Sub-Tasks
- Sub-Task 1 [Task Name]
  - Implementation step
  - Implementation step

- Sub-Task 2 [Task Name]
  - Implementation step

Write 3 to 6 sub-tasks and leave one blank line between them."""
_LM_LAYOUT = re.compile(
    r"^[ \t]*#{1,4}[ \t]*problem\b[^\n]*\n(?P<statement>.*?)"
    r"^[ \t]*#{1,4}[ \t]*sub-?[ \t]?tasks\b[^\n]*\n(?P<decomposition>.*)\Z",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
LM_MIN_WORDS = 12


@dataclass(frozen=True)
class LMOption:
    key: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class LMRewrite:
    """One accepted language-model rewrite of a seed."""

    seed: Seed
    operator: str
    option: str
    statement: str
    subtasks: tuple[SubTaskSpec, ...]
    index: int


def lm_options(seed: Seed, rules: Rules, operator: str) -> tuple[LMOption, ...]:
    """What the rewriter may change the seed into; the rule tables keep it to valid rewrites."""
    if operator == "A1":
        mods = rules.modalities
        return tuple(
            LMOption(m, mods[m]["name"], tuple(mods[m]["keywords"]))
            for m in rules.family_modalities(seed)[1:]
            if rules.hosts(seed.platform, m, "", deploy=False)
        )
    if operator == "A2":
        kind = rules.kind(seed)
        return tuple(
            LMOption(
                r,
                rules.representations[kind][seed.modality][r]["label"],
                tuple(rules.representations[kind][seed.modality][r]["keywords"]),
            )
            for r in rules.reps(seed, seed.modality)
            if r != seed.representation
        )
    names = dict.fromkeys(p for p, _ in rules.budget_targets(seed, seed.modality, seed.workload))
    return tuple(
        LMOption(p, rules.platforms[p]["name"], tuple(rules.platforms[p]["keywords"]))
        for p in names
    )


def lm_request(
    seed: Seed,
    operator: str,
    options: Sequence[LMOption],
    *,
    n: int,
    seed_value: int,
    temperature: float,
    max_new_tokens: int,
) -> GenerationRequest:
    """The rewriting prompt for one seed and operator."""
    task = LM_TASKS[operator].format(options="; ".join(option.name for option in options))
    user = LM_USER.format(statement=seed.statement.strip(), task=task)
    return GenerationRequest(
        item_id=f"tdd-augment/{seed.id}/{operator}",
        messages=(Message("system", LM_SYSTEM), Message("user", user)),
        prompt=f"{LM_SYSTEM}\n\n{user}\n",
        n=n,
        temperature=temperature,
        max_new_tokens=max_new_tokens,
        seed=seed_value,
    )


def parse_lm_output(
    text: str, seed: Seed, options: Sequence[LMOption]
) -> tuple[str, str, tuple[SubTaskSpec, ...]] | None:
    """(option key, statement, sub-tasks) from one completion, or None when it is unusable.

    Unusable: not in the layout, a decomposition the FCR parser rejects or with other than 3-6
    sub-tasks, a statement that is short, unchanged, or names none of the allowed options.
    """
    found = _LM_LAYOUT.search(text.strip())
    if found is None:
        return None
    statement = " ".join(found["statement"].split())
    try:
        parsed = parse_subtasks(found["decomposition"])
    except SubTaskFormatError:
        return None
    if not MIN_SUBTASKS <= len(parsed) <= MAX_SUBTASKS or len(statement.split()) < LM_MIN_WORDS:
        return None
    if statement == " ".join(seed.statement.split()):
        return None
    for option in options:
        if _words(statement, option.keywords or (option.name,)):
            subs = tuple(SubTaskSpec("keep", sub.title, sub.steps) for sub in parsed)
            return option.key, statement, subs
    return None


def lm_augment(
    seeds: Sequence[Seed],
    adapter: ModelAdapter,
    rules: Rules,
    *,
    n: int = 1,
    seed_value: int = 0,
    temperature: float = 0.8,
    max_new_tokens: int = 1024,
    operators: Sequence[str] = ("A1", "A2", "A3"),
) -> tuple[list[LMRewrite], int]:
    """Ask `adapter` for rewrites of every seed under every operator, in one generate call.

    Returns the accepted rewrites and the number of completions dropped as malformed.
    """
    jobs = [
        (seed, op, options)
        for seed in seeds
        for op in operators
        if (options := lm_options(seed, rules, op))
    ]
    requests = [
        lm_request(
            seed,
            op,
            options,
            n=n,
            seed_value=seed_value,
            temperature=temperature,
            max_new_tokens=max_new_tokens,
        )
        for seed, op, options in jobs
    ]
    answers = adapter.generate(requests) if requests else []
    if len(answers) != len(requests):
        raise ValueError(
            f"adapter {adapter.name!r} answered {len(answers)} of "
            f"{len(requests)} rewriting requests"
        )
    accepted, dropped = [], 0
    for (seed, op, options), texts in zip(jobs, answers, strict=True):
        for index, text in enumerate(texts):
            parsed = parse_lm_output(text, seed, options)
            if parsed is None:
                dropped += 1
                continue
            accepted.append(LMRewrite(seed, op, parsed[0], parsed[1], parsed[2], index))
    return accepted, dropped


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


def build_tdd(*, adapter: ModelAdapter | None = None, seed: int = 0) -> list[dict[str, Any]]:
    """Seeds, their rule-based rewrites and (with `adapter`) language-model rewrites.

    Deterministic for a given `seed` (which picks among equivalent sentence wordings and seeds
    the language model); records keep a fixed order: seeds, rule-based rewrites, LM rewrites.
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
    for item in seeds:
        for variant in augment_seed(item, rules, seed_value=seed):
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
