"""The validity protocol of `task` items, run by `iotbench validate` in the sandbox.

A task item grades outcomes on data drawn from the run's data seed, so its hidden tests are only
as good as the solutions they separate. Every task item ships a validity set
(docs/task_items.md): `reference.py` and at least one `alternative*.py` (another method) must
pass on every data seed tried, and its public examples; at least two `naive*.py` (what a model
without the domain knowledge writes) must fail on every seed; `notes.md` must name every naive
solution (the domain fact it misses). Each seed is used the way a benchmark run uses its data
seed, so `pytest iotbench --data-seed N` meets exactly the data validated under seed N.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

from harness.sandbox import Limits, SandboxMode, TestJob
from harness.status import Status
from iotbench.data.seeds import derive_seed
from iotbench.item import Item
from iotbench.validate import run_counted

MIN_ALTERNATIVES = 1
MIN_NAIVE = 2


def validity_set(item: Item) -> tuple[list[str], list[str], list[str]]:
    """File names of the item's (reference, alternatives, naive solutions)."""
    names = sorted(p.name for p in item.path.glob("*.py"))
    reference = [n for n in names if n == "reference.py"]
    return (
        reference,
        [n for n in names if n.startswith("alternative")],
        [n for n in names if n.startswith("naive")],
    )


# Which files of a validity set (reference, alternatives, naive) a check runs: the whole protocol,
# or only the solutions that must pass (a seed sweep), or the reference alone.
SOLUTION_SETS: dict[str, Callable[[list[str], list[str], list[str]], list[str]]] = {
    "all": lambda reference, alternatives, naive: [*reference, *alternatives, *naive],
    "passing": lambda reference, alternatives, naive: [*reference, *alternatives],
    "reference": lambda reference, alternatives, naive: reference,
}


@dataclass
class TaskValidation:
    """What the validity check found for one task item; `problems` empty means valid."""

    item_id: str
    seeds: int
    passes: dict[str, list[int]] = field(default_factory=dict)  # solution -> data seeds passed
    problems: list[str] = field(default_factory=list)
    calibration: str = ""  # the item's recorded calibration, or "" when there is none

    @property
    def ok(self) -> bool:
        return not self.problems


def _structure(item: Item) -> list[str]:
    """Problems visible without running anything: missing files, unnamed naive solutions."""
    _, alternatives, naive = validity_set(item)
    problems = []
    if len(alternatives) < MIN_ALTERNATIVES:
        problems.append("needs at least one alternative*.py (a different method that passes)")
    if len(naive) < MIN_NAIVE:
        problems.append(f"needs at least {MIN_NAIVE} naive*.py (domain-ignorant, must fail)")
    notes = item.path / "notes.md"
    if not notes.is_file():
        problems.append("needs notes.md naming the domain fact each naive solution misses")
    else:
        text = notes.read_text(encoding="utf-8")
        missing = [n for n in naive if n not in text and n[:-3] not in text]
        if missing:
            problems.append(f"notes.md does not mention {', '.join(missing)}")
    if not (item.path / "public_tests.py").is_file():
        problems.append("needs public_tests.py")
    return problems


def _calibration(item: Item) -> str:
    record = item.config.get("calibration")
    if not isinstance(record, dict):
        return ""
    return f"calibration {record.get('passed')}/{record.get('answers')}"


def validate_task_items(
    items: Sequence[Item],
    mode: SandboxMode,
    data_seeds: Sequence[int],
    solutions: str = "all",
    progress: IO[str] | None = None,
) -> list[TaskValidation]:
    """Run every item's validity set (or the SOLUTION_SETS subset named by `solutions`) on every
    data seed, and the public examples once, in one sandbox batch; report per item.
    With a `progress` stream, a bar there counts the finished runs (a sweep takes minutes)."""
    try:
        chosen = SOLUTION_SETS[solutions]
    except KeyError:
        raise ValueError(
            f"solutions must be one of {', '.join(SOLUTION_SETS)}, got {solutions!r}"
        ) from None
    jobs: list[TestJob] = []
    owners: list[tuple[str, str, int | None]] = []  # item id, solution, data seed (None: public)
    report = {}
    for item in items:
        report[item.id] = TaskValidation(
            item.id, len(data_seeds), problems=_structure(item), calibration=_calibration(item)
        )
        limits = Limits(**dict(item.config.get("limits", {})))
        hidden = item.read("hidden_tests.py")
        public = item.read("public_tests.py") if (item.path / "public_tests.py").is_file() else ""
        for name in chosen(*validity_set(item)):
            code = item.read(name)
            report[item.id].passes[name] = []
            for seed in data_seeds:
                env = {"IOTBENCH_DATA_SEED": str(derive_seed(seed, item.id))}
                jobs.append(TestJob(code, hidden, limits, env=env))
                owners.append((item.id, name, seed))
            if public and not name.startswith("naive"):
                jobs.append(TestJob(code, public, limits))
                owners.append((item.id, name, None))
    runs = run_counted(jobs, mode, progress, "task items")
    for (item_id, name, tried), run in zip(owners, runs, strict=True):
        entry = report[item_id]
        passed = run.status is Status.PASS
        if tried is None:
            if not passed:
                entry.problems.append(f"{name} fails the public examples: {run.reason[:200]}")
        elif passed:
            entry.passes[name].append(tried)
        elif not name.startswith("naive"):
            entry.problems.append(f"{name} fails on data seed {tried}: {run.reason[:200]}")
    for item in items:
        entry = report[item.id]
        for name, seeds in entry.passes.items():
            if name.startswith("naive") and seeds:
                entry.problems.append(
                    f"{name} passes on data seed(s) {', '.join(map(str, seeds))}: the tests do "
                    "not separate it from a domain-aware solution"
                )
    return [report[item.id] for item in items]


def task_summary(results: Sequence[TaskValidation]) -> tuple[list[str], bool]:
    """Report lines (one per item, then a total) and whether every item is valid."""
    lines = []
    for r in results:
        solutions = ", ".join(f"{n[:-3]} {len(s)}/{r.seeds}" for n, s in r.passes.items())
        calibrated = r.calibration or "not calibrated"
        if r.ok:
            lines.append(f"ok   {r.item_id}: passes per seed: {solutions}; {calibrated}")
        else:
            lines.append(f"FAIL {r.item_id}: {'; '.join(r.problems)}")
    valid = sum(1 for r in results if r.ok)
    lines.append(f"task items valid: {valid}/{len(results)}")
    return lines, valid == len(results)
