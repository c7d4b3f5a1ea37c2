"""Decomposition items: a model breaks an IoT problem into sub-tasks; compared with a reference.

Nothing is executed: the completion is text. Per sample: BLEU against the reference list, format
correctness (sub-tasks separated by blank lines, each a header and steps in any common style: its
item mean is the paper's FCR), the strict ``Sub-Task N [Name]`` form, and STC, a plan-matching
score on the paper's 1-5 scale (docs/metrics.md). A sample passes when it is well formed and its
STC reaches the item's threshold (default `PASS_STC`, set on the calibration set).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, cached_property

from harness.adapters import ModelAdapter, resolve_adapter
from harness.metrics.embedding import Embedder, shared_embedder
from harness.metrics.text import JudgeSTC, decomposition_metrics, judge_metrics
from harness.results import SampleResult
from harness.status import Status
from iotbench.item import Item
from iotbench.scorers import ScoringContext

# Between the highest STC of a calibration answer graded <= 2 and the lowest graded >= 4.
PASS_STC = 3.4


@cache
def judge_adapter(spec: str) -> ModelAdapter:
    """The --judge model, built once per run and spec (a local model loads once)."""
    return resolve_adapter(spec)


class DecompositionScorer:
    def __init__(self, item: Item, context: ScoringContext) -> None:
        self.reference = item.read("reference.md")
        self.problem = item.prompt
        criterion = item.config.get("pass_criterion", {})
        self.pass_metric = str(criterion.get("metric", "stc"))
        self.pass_at_least = float(criterion.get("at_least", PASS_STC))
        self.embedder_spec = context.embedder
        self.judge = context.judge
        self.item_id = item.id

    @cached_property
    def embedder(self) -> Embedder:
        return shared_embedder(self.embedder_spec)

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        texts = [text for _, text in completions]
        metrics = decomposition_metrics(texts, self.reference, self.embedder, self.problem)
        if self.judge is not None:  # stc_judge beside stc; the pass criterion stays as set
            judged = judge_metrics(
                JudgeSTC(judge_adapter(self.judge)),
                self.problem,
                self.reference,
                texts,
                self.item_id,
            )
            for values, extra in zip(metrics, judged, strict=True):
                values.update(extra)
        results = []
        for (sample_idx, _), values in zip(completions, metrics, strict=True):
            well_formed = values["format_correct"] == 1.0
            passed = well_formed and values[self.pass_metric] >= self.pass_at_least
            reason = (
                "not in the sub-task format (blank-line-separated sub-tasks, a header and steps)"
                if not well_formed
                else f"{self.pass_metric} {values[self.pass_metric]:.2f} "
                f"{'>=' if passed else '<'} {self.pass_at_least}"
            )
            results.append(
                SampleResult(
                    sample_idx,
                    Status.PASS if passed else Status.FAIL,
                    dict(values),
                    reason,
                    extraction="text",
                )
            )
        return results
