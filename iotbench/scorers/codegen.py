"""Code-generation items: one function from a specification, judged by hidden tests.

Each sample's program runs in the sandbox against the item's hidden pytest tests (which it cannot
read); it passes when every test passes. Besides pass/fail, each sample gets the share of hidden
tests passed, the embedding similarity and CodeBLEU (with its four components) to the reference,
and static code-quality counts in the paper's SonarQube categories (bugs, security, smells) with
radon's maintainability index and cyclomatic complexity. Static analysis never executes the code;
it runs in a child process with a time budget per program (harness.metrics.analysis), so a
program it cannot finish loses those metrics, with the reason, and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from harness.metrics.analysis import TASKS, shared_worker
from harness.results import SampleResult
from harness.sandbox import Execution, Limits, TestJob, run_batch
from harness.sanitize import extract_code
from harness.status import Status
from iotbench.data.seeds import derive_seed
from iotbench.item import Item, ItemError
from iotbench.scorers import ScoringContext


def tests_passed(run: Execution) -> float:
    """The share of hidden tests passed, where a test passed while the program raised (e.g.
    ``pytest.raises(ValueError)``) counts only if the program also passed a test without raising:
    a program that always raises passes every such test and earns nothing for it."""
    if not run.tests:
        return 0.0
    passed = {test for test, outcome in run.tests.items() if outcome == "passed"}
    honest = passed - set(run.raised)
    return len(passed) / len(run.tests) if honest else 0.0


def _tasks(code: str) -> tuple[str, ...]:
    """No program, no quality: an empty answer is not free of bugs."""
    return TASKS if code.strip() else ("similarity",)


class CodegenScorer:
    def __init__(self, item: Item, context: ScoringContext) -> None:
        if item.entry_point is None:
            raise ItemError(f"{item.path / 'item.yaml'}: field 'entry_point' is required")
        self.entry_point = item.entry_point
        self.hidden_tests = item.read("hidden_tests.py")
        self.reference = item.read("reference.py")
        limits = dict(item.config.get("limits", {}))
        if context.wall_seconds is not None:
            limits["wall_seconds"] = context.wall_seconds
        self.limits = Limits(**limits)
        self.context = context
        # The hidden tests draw their data from this seed (docs/task_items.md); only the
        # hidden-test process sees it.
        self.test_env = {"IOTBENCH_DATA_SEED": str(derive_seed(context.data_seed, item.id))}

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        extracted = [extract_code(text, self.entry_point) for _, text in completions]
        jobs = [TestJob(e.code, self.hidden_tests, env=self.test_env) for e in extracted]
        analysis = shared_worker(self.context.embedder, self.context.analysis_seconds)
        # The programs run in the sandbox while their static analysis runs in its own processes:
        # the item costs the longer of the two, not their sum.
        with ThreadPoolExecutor(1, thread_name_prefix="iotbench-codegen") as sandbox:
            running = sandbox.submit(run_batch, jobs, self.limits, self.context.sandbox)
            reports = [analysis.analyze(e.code, self.reference, _tasks(e.code)) for e in extracted]
            executions = running.result()
        results = []
        for (idx, _), code, run, report in zip(
            completions, extracted, executions, reports, strict=True
        ):
            metrics = {"tests_passed": tests_passed(run)}
            metrics.update(report.metrics)
            reason = "; ".join(part for part in (run.reason, *report.problems) if part)
            status = run.status or Status.RUNTIME_ERROR
            results.append(
                SampleResult(idx, status, metrics, reason, run.wall_seconds, code.method)
            )
        return results
