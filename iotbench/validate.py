"""`iotbench validate`: every reference passes its hidden tests; the tests catch mutants.

For each code-generation item the reference runs against its hidden tests in the sandbox (it
must pass), then one-site mutants of the reference (harness.mutation) run against the same tests;
a mutant is caught when any test fails, errors or times out. The mutation score of an item is the
share of its mutants caught. Decomposition items must have a well-formed reference. Items listed
in ERRATA.md are reported but do not fail the run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from harness.metrics.text import format_correct
from harness.mutation import mutants
from harness.progress import Progress
from harness.sandbox import Execution, Limits, SandboxMode, TestJob, run_batch
from harness.status import Status
from iotbench.item import Item, ItemError

ERRATA = Path(__file__).resolve().parent.parent / "ERRATA.md"
# Content hashes of the items last found valid: `iotbench validate --changed` (run by CI) checks
# only items whose hash differs, `--record` updates it after a full run.
RECORD = ERRATA.parent / ".ci" / "validated_items.json"
ITEM_FLOOR = 0.70
OVERALL_TARGET = 0.90


@dataclass
class ItemValidation:
    item_id: str
    reference_ok: bool
    reason: str = ""
    mutants: int = 0
    caught: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return self.caught / self.mutants if self.mutants else None


def read_record(path: Path) -> dict[str, str]:
    """Item id -> content hash of the items recorded as valid ({} when there is no record)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ItemError(f"{path}: not a readable record of validated items ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ItemError(f"{path}: expected a JSON object of item id -> content hash")
    return {str(k): v for k, v in data.items()}


def write_record(path: Path, valid: dict[str, str]) -> None:
    """Add (or update) `valid` items in the record, keeping the entries of other items."""
    merged = {**read_record(path), **valid}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n", encoding="utf-8")


def errata_ids(path: Path = ERRATA) -> set[str]:
    """Item ids named in ERRATA.md (as `id` in backticks)."""
    if not path.is_file():
        return set()
    return set(re.findall(r"`((?:cg|td|hd|har|mhar)_[a-z0-9_]+)`", path.read_text("utf-8")))


def run_counted(
    jobs: Sequence[TestJob], mode: SandboxMode, progress: IO[str] | None, what: str
) -> list[Execution]:
    """One sandbox batch, with a bar on `progress` (if given) counting its finished runs:
    validating every item takes minutes, a seed sweep much longer."""
    bar = Progress(len(jobs), enabled=progress is not None, stream=progress, unit="run", desc=what)
    try:
        return run_batch(jobs, mode=mode, on_done=bar.advance)
    finally:
        bar.close()


def validate_codegen(
    items: Sequence[Item],
    mode: SandboxMode,
    max_mutants: int = 30,
    progress: IO[str] | None = None,
) -> list[ItemValidation]:
    """Run references, then mutants, of all code-generation items in two sandbox batches.
    With a `progress` stream, a bar there counts the finished runs of each batch."""
    limits = {item.id: Limits(**dict(item.config.get("limits", {}))) for item in items}
    references = run_counted(
        [
            TestJob(item.read("reference.py"), item.read("hidden_tests.py"), limits[item.id])
            for item in items
        ],
        mode,
        progress,
        "spec references",
    )
    report = {
        item.id: ItemValidation(
            item.id,
            ref.status is Status.PASS,
            "" if ref.status is Status.PASS else f"reference: {ref.status}: {ref.reason}",
        )
        for item, ref in zip(items, references, strict=True)
    }
    jobs: list[TestJob] = []
    owners: list[tuple[str, str]] = []
    for item, ref in zip(items, references, strict=True):
        if ref.status is not Status.PASS:
            continue
        mutant_limits = Limits.relative_to(ref.wall_seconds, factor=4.0, floor=5.0)
        tests = item.read("hidden_tests.py")
        for mutant in mutants(item.read("reference.py"), limit=max_mutants):
            jobs.append(TestJob(mutant.code, tests, mutant_limits))
            owners.append((item.id, f"line {mutant.line}: {mutant.description}"))
    outcomes = run_counted(jobs, mode, progress, "spec mutants")
    for (item_id, description), outcome in zip(owners, outcomes, strict=True):
        entry = report[item_id]
        entry.mutants += 1
        if outcome.status is Status.PASS:
            entry.survivors.append(description)
        else:
            entry.caught += 1
    return [report[item.id] for item in items]


def validate_decomposition(items: Sequence[Item]) -> list[ItemValidation]:
    out = []
    for item in items:
        ok = format_correct(item.read("reference.md"))
        out.append(
            ItemValidation(
                item.id,
                ok,
                ""
                if ok
                else "reference.md is not in the sub-task format (see docs/adding_items.md)",
            )
        )
    return out


def summary(results: Sequence[ItemValidation], exempt: set[str]) -> tuple[list[str], bool]:
    """Report lines and whether the benchmark is sound (ERRATA items do not fail it)."""
    lines, ok = [], True
    total = sum(r.mutants for r in results)
    caught = sum(r.caught for r in results)
    for r in results:
        note = " (ERRATA)" if r.item_id in exempt else ""
        if not r.reference_ok:
            lines.append(f"FAIL {r.item_id}{note}: {r.reason}")
            ok = ok and r.item_id in exempt
            continue
        if r.score is None:
            lines.append(f"ok   {r.item_id}{note}")
            continue
        low = r.score < ITEM_FLOOR
        flag = "LOW " if low else "ok  "
        lines.append(
            f"{flag} {r.item_id}{note}: mutation score {r.score:.2f} "
            f"({r.caught}/{r.mutants})"
            + (f"; survivors: {'; '.join(r.survivors[:3])}" if r.survivors else "")
        )
        ok = ok and (not low or r.item_id in exempt)
    references = sum(1 for r in results if r.reference_ok)
    lines.append(f"references passing: {references}/{len(results)}")
    if total:
        overall = caught / total
        lines.append(
            f"overall mutation score: {overall:.3f} ({caught}/{total} mutants caught; "
            f"target >= {OVERALL_TARGET}, no item below {ITEM_FLOOR})"
        )
        ok = ok and overall >= OVERALL_TARGET
    return lines, ok
