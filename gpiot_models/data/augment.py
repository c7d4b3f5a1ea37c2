"""IoT-oriented augmentation of TDD seeds: the paper's operators A1-A3 as rule tables.

A1 changes the sensor modality, A2 the data representation, A3 the target platform and its
resource budget (GPIoT §4.1, Fig. 7). Every operator rewrites the problem statement and the
reference decomposition together, so that the pair stays a correct decomposition: a seed marks the
sentences of its statement that name the sensor, the representation and the platform (its spans)
and the role of each sub-task; the tables in ``tdd_seeds/_*.yaml`` hold the text that replaces
them. Which rewrites are valid follows from the seed's family (which modalities can serve the same
application), its modality (which representations exist) and the platforms' limits.
The optional language-model rewriter, limited to the rewrites these tables allow, is
`gpiot_models.data.tdd.lm_augment`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).with_name("tdd_seeds")
ROLES = ("acquire", "preprocess", "features", "model", "deploy", "keep")
SPANS = ("sensor", "sensor_adj", "representation", "platform")
WORKLOADS = ("nn", "classic", "dsp", "service")
KINDS = ("classify", "rate", "locate")


class RuleError(ValueError):
    """A rule table or seed that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class SubTaskSpec:
    role: str
    name: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Seed:
    """One hand-written TDD seed (see tdd_seeds/*.yaml); `family` is "" for single-rewrite seeds."""

    id: str
    domain: str
    title: str
    family: str
    modality: str
    representation: str
    platform: str
    budget: int
    workload: str
    app: str
    modalities: tuple[str, ...]
    platforms: tuple[str, ...]
    spans: Mapping[str, str]
    statement: str
    subtasks: tuple[SubTaskSpec, ...]
    path: Path
    vars: Mapping[str, str]

    def has_role(self, role: str) -> bool:
        return any(sub.role == role for sub in self.subtasks)


@dataclass(frozen=True)
class Variant:
    """A statement and decomposition on their way through the operators."""

    statement: str
    subtasks: tuple[SubTaskSpec, ...]
    modality: str
    representation: str
    platform: str
    budget: int
    workload: str
    spans: Mapping[str, str]
    operators: tuple[str, ...] = ()

    def operator(self) -> str:
        return "+".join(self.operators)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~20x faster


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from `path`; anything else is a RuleError naming the file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read ({exc})") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class Rules:
    """The rule tables: families, representations, platforms and modalities."""

    families: Mapping[str, Any]
    representations: Mapping[str, Any]
    platforms: Mapping[str, Any]
    modalities: Mapping[str, Any]

    def family_modalities(self, seed: Seed) -> tuple[str, ...]:
        """Modalities that can serve the seed's application, the seed's own first."""
        if not seed.family:
            return (seed.modality,)
        allowed = seed.modalities or tuple(self.families[seed.family]["modalities"])
        return (seed.modality, *(m for m in allowed if m != seed.modality))

    def kind(self, seed: Seed) -> str:
        return str(self.families[seed.family]["kind"]) if seed.family else ""

    def reps_of(self, family: str, modality: str) -> tuple[str, ...]:
        """Representations of `modality` in `family`, the default first."""
        return tuple(self.families[family]["modalities"][modality].get("representations") or ())

    def reps(self, seed: Seed, modality: str) -> tuple[str, ...]:
        """Representations of `modality` in the seed's family; () for a seed without one."""
        return self.reps_of(seed.family, modality) if seed.family else ()

    def rep(self, seed: Seed, modality: str, name: str) -> Mapping[str, Any]:
        return self.representations[self.kind(seed)][modality][name]  # type: ignore[no-any-return]

    def vars(self, seed: Seed, modality: str) -> dict[str, str]:
        """Template values: family defaults, the modality's overrides, then the seed's own."""
        values: dict[str, str] = {"app": seed.app}
        if seed.family:
            family = self.families[seed.family]
            values.update({k: str(v) for k, v in (family.get("vars") or {}).items()})
            entry = family["modalities"][modality]
            values.update({k: str(v) for k, v in (entry.get("vars") or {}).items()})
        values.update(seed.vars)
        return values

    def workload(self, seed: Seed, modality: str, rep: str) -> str:
        return str(self.rep(seed, modality, rep)["model_kind"]) if seed.family else seed.workload

    def hosts(self, platform: str, modality: str, workload: str, *, deploy: bool) -> bool:
        """Whether `platform` can run this modality (and this workload, if a deploy is needed)."""
        entry = self.platforms[platform]
        if modality in entry["not_for"]:
            return False
        return not deploy or workload in entry["deploy"]

    def budget_targets(self, seed: Seed, modality: str, workload: str) -> list[tuple[str, int]]:
        """(platform, budget index) pairs A3 may move the seed to, excluding the seed's own."""
        names = seed.platforms or tuple(self.platforms)
        out: list[tuple[str, int]] = []
        for name in names:
            entry = self.platforms[name]
            if entry.get("target", True) and self.hosts(name, modality, workload, deploy=True):
                out.extend(
                    (name, i)
                    for i in range(len(entry["budgets"]))
                    if (name, i) != (seed.platform, seed.budget)
                )
        return out


def _check_rules(rules: Rules, where: Path) -> None:
    for fname, family in rules.families.items():
        if family.get("kind") not in KINDS:
            raise RuleError(f"{where / '_families.yaml'}: {fname}.kind must be one of {KINDS}")
        several = len(family["modalities"]) > 1
        for mname, entry in family["modalities"].items():
            here = f"{where / '_families.yaml'}: {fname}.modalities.{mname}"
            if mname not in rules.modalities:
                raise RuleError(f"{here}: unknown modality (not in _modalities.yaml)")
            for rep in entry.get("representations") or ():
                if rep not in rules.representations.get(family["kind"], {}).get(mname, {}):
                    raise RuleError(
                        f"{here}: representation {rep!r} missing from "
                        f"_representations.yaml {family['kind']}.{mname}"
                    )
            need = ("representations", "adjective", "sensor", "acquire", "preprocess")
            for key in need if several else need[:1]:
                if not entry.get(key):
                    raise RuleError(f"{here}: field {key!r} is required")
    for pname, entry in rules.platforms.items():
        for key in ("name", "keywords", "not_for", "budgets", "sentences", "deploy"):
            if key not in entry:
                raise RuleError(f"{where / '_platforms.yaml'}: {pname}.{key} is required")
        if entry.get("target", True) and not (entry["budgets"] and entry["sentences"]):
            raise RuleError(f"{where / '_platforms.yaml'}: {pname} needs budgets and sentences")


@lru_cache(maxsize=4)
def load_rules(directory: Path = RULES_DIR) -> Rules:
    """Read and check the rule tables of `directory`."""
    rules = Rules(
        families=read_yaml(directory / "_families.yaml"),
        representations=read_yaml(directory / "_representations.yaml"),
        platforms=read_yaml(directory / "_platforms.yaml"),
        modalities=read_yaml(directory / "_modalities.yaml"),
    )
    _check_rules(rules, directory)
    return rules


def fill(text: str, values: Mapping[str, str]) -> str:
    """Fill {placeholders}; an unknown one is a rule-table error."""
    try:
        return text.format_map(values)
    except (KeyError, ValueError) as exc:
        raise RuleError(f"template {text[:60]!r}: cannot fill placeholder ({exc})") from None


def _subtask(role: str, entry: Mapping[str, Any], values: Mapping[str, str]) -> SubTaskSpec:
    return SubTaskSpec(
        role, fill(entry["name"], values), tuple(fill(step, values) for step in entry["steps"])
    )


def _swap(variant: Variant, role: str, new: SubTaskSpec, *, append: bool = False) -> Variant:
    """Replace the sub-task with `role` (or append `new` when there is none and `append`)."""
    subs = [new if sub.role == role else sub for sub in variant.subtasks]
    if append and not any(sub.role == role for sub in variant.subtasks):
        subs.append(new)
    return replace(variant, subtasks=tuple(subs))


def _set_span(variant: Variant, key: str, sentence: str, *, append: bool = False) -> Variant:
    """Rewrite the statement's span `key` (or add the sentence when there is none)."""
    spans = dict(variant.spans)
    old = spans.get(key)
    if old:
        statement = variant.statement.replace(old, sentence, 1)
    elif append:  # before the closing request ("Describe ...") that ends every seed statement
        head, dot, last = variant.statement.rstrip().rpartition(". ")
        statement = f"{head}. {sentence} {last}" if dot else f"{variant.statement} {sentence}"
    else:
        return variant
    spans[key] = sentence
    return replace(variant, statement=statement, spans=spans)


def _set_representation(variant: Variant, seed: Seed, rules: Rules, rep: str) -> Variant:
    entry = rules.rep(seed, variant.modality, rep)
    values = rules.vars(seed, variant.modality)
    variant = _set_span(variant, "representation", fill(entry["sentence"], values))
    variant = _swap(variant, "features", _subtask("features", entry["features"], values))
    subs = []
    for sub in variant.subtasks:
        if sub.role == "model":
            sub = replace(sub, steps=(fill(entry["arch"], values), *sub.steps[1:]))
        subs.append(sub)
    return replace(
        variant, subtasks=tuple(subs), representation=rep, workload=str(entry["model_kind"])
    )


def _refresh_deploy(
    variant: Variant, seed: Seed, rules: Rules, rng: random.Random, *, force: bool = False
) -> Variant:
    """Re-render platform sentence and deploy sub-task for the variant's platform and workload."""
    if not (force or seed.has_role("deploy")):
        return variant
    platform = rules.platforms[variant.platform]
    values = {
        **rules.vars(seed, variant.modality),
        "name": platform["name"],
        **{k: str(v) for k, v in platform["budgets"][variant.budget].items()},
    }
    variant = _set_span(
        variant, "platform", fill(rng.choice(platform["sentences"]), values), append=True
    )
    deploy = _subtask("deploy", platform["deploy"][variant.workload], values)
    return _swap(variant, "deploy", deploy, append=True)


def apply_a1(
    variant: Variant,
    seed: Seed,
    rules: Rules,
    modality: str,
    rng: random.Random,
    *,
    refresh: bool = True,
) -> Variant:
    """A1: another sensor modality for the same application, with its default representation.

    `refresh` re-renders the deployment for the current platform; off when A3 follows.
    """
    values = rules.vars(seed, modality)
    entry = rules.families[seed.family]["modalities"][modality]
    variant = replace(variant, modality=modality, operators=(*variant.operators, "A1"))
    variant = _set_span(variant, "sensor", fill(entry["sensor"], values))
    variant = _set_span(variant, "sensor_adj", entry["adjective"])
    for role in ("acquire", "preprocess"):
        variant = _swap(variant, role, _subtask(role, entry[role], values))
    variant = _set_representation(variant, seed, rules, entry["representations"][0])
    return _refresh_deploy(variant, seed, rules, rng) if refresh else variant


def apply_a2(
    variant: Variant,
    seed: Seed,
    rules: Rules,
    rep: str,
    rng: random.Random,
    *,
    refresh: bool = True,
) -> Variant:
    """A2: another data representation of the same sensor data."""
    variant = replace(variant, operators=(*variant.operators, "A2"))
    variant = _set_representation(variant, seed, rules, rep)
    return _refresh_deploy(variant, seed, rules, rng) if refresh else variant


def apply_a3(
    variant: Variant, seed: Seed, rules: Rules, target: tuple[str, int], rng: random.Random
) -> Variant:
    """A3: another platform or resource budget; adds a deployment sub-task if there is none."""
    platform, budget = target
    variant = replace(
        variant, platform=platform, budget=budget, operators=(*variant.operators, "A3")
    )
    return _refresh_deploy(variant, seed, rules, rng, force=True)


OPERATORS: Mapping[str, Callable[..., Variant]] = {"A1": apply_a1, "A2": apply_a2, "A3": apply_a3}


def start(seed: Seed) -> Variant:
    """The seed itself as a variant (no operator applied)."""
    return Variant(
        seed.statement,
        seed.subtasks,
        seed.modality,
        seed.representation,
        seed.platform,
        seed.budget,
        seed.workload,
        dict(seed.spans),
    )


def variant_id(seed: Seed, variant: Variant) -> str:
    parts = [seed.id]
    if "A1" in variant.operators:
        parts.append(f"a1-{variant.modality}")
    if "A2" in variant.operators:
        parts.append(f"a2-{variant.representation}")
    if "A3" in variant.operators:
        parts.append(f"a3-{variant.platform}-{variant.budget}")
    return "__".join(parts)


def augment_seed(seed: Seed, rules: Rules, *, seed_value: int = 0) -> Iterator[Variant]:
    """Every valid rewrite of one seed: A1, A2, A3 and their combinations, in a fixed order."""
    for modality in rules.family_modalities(seed):
        reps = rules.reps(seed, modality) or (seed.representation,)
        for rep in reps:
            workload = rules.workload(seed, modality, rep)
            a1 = modality != seed.modality
            a2 = rep != (reps[0] if a1 else seed.representation)
            targets: list[tuple[str, int] | None] = [None]
            targets += rules.budget_targets(seed, modality, workload)
            for target in targets:
                if not (a1 or a2 or target):
                    continue
                if target is None and not rules.hosts(
                    seed.platform, modality, workload, deploy=seed.has_role("deploy")
                ):
                    continue
                yield _compose(
                    seed, rules, modality if a1 else None, rep if a2 else None, target, seed_value
                )


def _compose(
    seed: Seed,
    rules: Rules,
    modality: str | None,
    rep: str | None,
    target: tuple[str, int] | None,
    seed_value: int,
) -> Variant:
    variant = start(seed)
    key = f"{seed_value}:{seed.id}:{modality}:{rep}:{target}"
    rng = random.Random(key)
    if modality is not None:
        variant = apply_a1(variant, seed, rules, modality, rng, refresh=target is None)
    if rep is not None:
        variant = apply_a2(variant, seed, rules, rep, rng, refresh=target is None)
    if target is not None:
        variant = apply_a3(variant, seed, rules, target, rng)
    return variant


def render(subtasks: Sequence[SubTaskSpec]) -> str:
    """The paper's format: '- Sub-Task N [Name]' with indented steps, blank lines between."""
    blocks = []
    for number, sub in enumerate(subtasks, start=1):
        lines = [f"- Sub-Task {number} [{sub.name}]", *(f"  - {step}" for step in sub.steps)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
