"""TDD seed files: read, validate and check that every augmentation operator can rewrite them.

A seed (``tdd_seeds/tdd_*.yaml``, fields in ``tdd_seeds/README.md``) is one hand-written IoT
problem with its reference decomposition and the marks the operators need: which sentences name
the sensor, representation and platform (spans) and which role each sub-task plays. `load_seeds`
reads them all; a seed an operator could not rewrite coherently fails with its file and reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
    load_rules,
    read_yaml,
)
from harness.metrics.text import SubTaskFormatError, parse_subtasks
from iotbench.item import DOMAINS

SEEDS_DIR = Path(__file__).with_name("tdd_seeds")
MIN_SUBTASKS, MAX_SUBTASKS = 3, 6
_OPTIONAL_ROLES = ("acquire", "preprocess", "features", "model", "deploy")


def words_in(text: str, words: Iterable[str]) -> list[str]:
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
        found = words_in(_kept_text(seed, spans, kept_roles, arch), keywords) if active else []
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
