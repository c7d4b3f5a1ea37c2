"""Code-generation items: one function from a specification, judged by hidden tests.

Each sample's program runs in the sandbox against the item's hidden pytest tests (which it cannot
read); it passes when every test passes. Besides pass/fail, each sample gets the share of hidden
tests passed, the embedding similarity and CodeBLEU (with its four components) to the reference,
and static code-quality counts in the paper's SonarQube categories (bugs, security, smells) with
radon's maintainability index and cyclomatic complexity. Static analysis never executes the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, cached_property

from harness.metrics.code_similarity import similarity_metrics
from harness.metrics.embedding import Embedder, shared_embedder
from harness.metrics.quality import QualityAnalyzer
from harness.results import SampleResult
from harness.sandbox import Limits, TestJob, run_batch
from harness.sanitize import extract_code
from harness.status import Status
from iotbench.data.seeds import derive_seed
from iotbench.item import Item, ItemError
from iotbench.scorers import ScoringContext


@cache
def shared_analyzer() -> QualityAnalyzer:
    """One long-lived linter per process: pylint start-up costs seconds, a file ~20 ms."""
    return QualityAnalyzer()


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

    @cached_property
    def embedder(self) -> Embedder:
        return shared_embedder(self.context.embedder)

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        extracted = [extract_code(text, self.entry_point) for _, text in completions]
        jobs = [TestJob(e.code, self.hidden_tests, env=self.test_env) for e in extracted]
        executions = run_batch(jobs, self.limits, self.context.sandbox)
        codes = [e.code for e in extracted]
        similarity = similarity_metrics(codes, self.reference, self.embedder)
        quality = shared_analyzer().analyze(codes)
        results = []
        for (sample_idx, _), code, execution, similar, report in zip(
            completions, extracted, executions, similarity, quality, strict=True
        ):
            outcomes = execution.tests
            passed = sum(1 for outcome in outcomes.values() if outcome == "passed")
            metrics = {
                "tests_passed": passed / len(outcomes) if outcomes else 0.0,
                **similar,
                **report.as_metrics(),
            }
            status = execution.status or Status.RUNTIME_ERROR
            result = SampleResult(
                sample_idx, status, metrics, execution.reason, execution.wall_seconds, code.method
            )
            results.append(result)
        return results
