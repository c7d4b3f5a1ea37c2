"""The optional language-model rewriter of TDD seeds (the idea of the paper's Fig. 8b).

Any IoTBench adapter can propose rewrites of a seed under the operators A1-A3; the options it may
choose from are those the rule tables allow (`lm_options`), and a completion is kept only when it
is in the requested layout, its decomposition parses with the FCR parser and its statement names
one of the options (`parse_lm_output`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gpiot_models.data.augment import Rules, Seed, SubTaskSpec
from gpiot_models.data.seeds import MAX_SUBTASKS, MIN_SUBTASKS, words_in
from harness.adapters import GenerationRequest, Message, ModelAdapter
from harness.metrics.text import SubTaskFormatError, parse_subtasks

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
        if words_in(statement, option.keywords or (option.name,)):
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
