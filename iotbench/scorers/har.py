"""Activity recognition (HAR, multimodal HAR): `recognize(X_train, y_train, X_test) -> labels`.

The program gets the training recordings with their labels and the test recordings without
theirs, trains whatever it likes and returns one label per test recording.  The harness compares
the labels with the hidden test labels (accuracy, macro-F1) and measures the call (paper §6.1:
accuracy, memory during inference, time from data to result):

* ``seconds`` / ``ms_per_sample``: the call's duration, in total and per test sample.  The
  contract joins training and inference in one call, so this includes training;
* ``peak_memory_mb``: the program's peak resident memory as the sandbox measures it;
* ``memory_mb``: that peak minus the peak of a do-nothing program given the same inputs in the
  same sandbox, so neither the preloaded libraries nor the input arrays count; the budgets of
  the resource-constrained items apply to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from harness.results import SampleResult
from harness.sandbox import Call, Execution, Job, Limits, run_functions
from harness.sanitize import extract_code
from harness.status import Status
from iotbench.data.har_sources import SINGLE, DataSourceError, HarData, resolve
from iotbench.item import Item, ItemError
from iotbench.scorers import ScoringContext

_BASELINE_PROGRAM = """
import numpy as np

def {entry}(X_train, y_train, X_test):
    first = next(iter(X_test.values())) if isinstance(X_test, dict) else X_test
    return np.zeros(len(first), dtype=np.int64)
"""


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray, classes: Sequence[int]) -> float:
    """Mean over `classes` of 2TP / (2TP + FP + FN); classes absent from both are skipped.

    A predicted label outside `classes` counts as a miss of the true class only.
    """
    scores = []
    for c in classes:
        tp = int(np.sum((y_true == c) & (y_pred == c)))
        fp = int(np.sum((y_true != c) & (y_pred == c)))
        fn = int(np.sum((y_true == c) & (y_pred != c)))
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def as_labels(value: np.ndarray | None, n: int) -> np.ndarray | str:
    """The program's output as n int64 labels, or the reason it is not usable."""
    if value is None:
        return "returned nothing usable"
    if value.dtype.kind not in "biuf":
        return f"returned an array of {value.dtype}, expected integer class labels"
    if value.shape != (n,):
        return (
            f"returned an array of shape {value.shape}, expected ({n},): one label per test sample"
        )
    if value.dtype.kind == "f" and not (
        np.all(np.isfinite(value)) and np.all(value == np.round(value))
    ):
        return "returned non-integer labels, expected class labels like those in y_train"
    return value.astype(np.int64)


class HarScorer:
    """Scores `recognize(X_train, y_train, X_test)` programs on a single-array HAR set."""

    multimodal = False

    def __init__(self, item: Item, context: ScoringContext, *, data: HarData | None = None) -> None:
        where = item.path / "item.yaml"
        if item.entry_point is None:
            raise ItemError(f"{where}: field 'entry_point' is required")
        criterion = item.config.get("pass_criterion", {})
        self.pass_metric = str(criterion.get("metric", "accuracy"))
        if self.pass_metric not in ("accuracy", "macro_f1"):
            raise ItemError(f"{where}: pass_criterion.metric must be accuracy or macro_f1")
        self.pass_at_least = float(criterion.get("at_least", 0.85))
        budget = criterion.get("memory_mb_at_most")
        self.memory_budget = None if budget is None else float(budget)
        # The item's score in the applications split: accuracy, and where the item has a memory
        # budget (the paper's resource-constrained settings) accuracy counted only within it.
        self.headline = "accuracy" if budget is None else "accuracy_in_budget"
        limits = dict(item.config.get("limits", {}))
        if context.wall_seconds is not None:
            limits["wall_seconds"] = context.wall_seconds
        self.limits = Limits(**limits)
        self.entry_point = item.entry_point
        self.item = item
        self.context = context
        self._given = data
        self.baseline_mb: float | None = None  # peak memory of a do-nothing program, same inputs

    @cached_property
    def data(self) -> HarData:
        if self._given is not None:
            data = self._given
        else:
            try:
                data = resolve(
                    self.item.config,
                    self.context.data,
                    str(self.item.path / "item.yaml"),
                    self.context.data_seed,
                )
            except DataSourceError as exc:
                raise ItemError(str(exc)) from None
        if data.multimodal != self.multimodal:
            kind = "several modalities" if data.multimodal else "a single array"
            raise ItemError(
                f"{self.item.path / 'item.yaml'}: scorer {self.item.scorer!r} cannot "
                f"score data with {kind} ({data.source})"
            )
        return data

    def _calls(self) -> list[Call]:
        d = self.data
        arrays: dict[str, np.ndarray] = {"y_train": d.y_train}
        for split, parts in (("X_train", d.train), ("X_test", d.test)):
            for name, array in parts.items():
                arrays[split if name == SINGLE else f"{split}.{name}"] = array
        return [Call(arrays)]

    def _baseline_job(self) -> Job:
        """A program that only returns zeros, given the same inputs: the memory baseline."""
        code = _BASELINE_PROGRAM.format(entry=self.entry_point)
        return Job(code, self.entry_point, self._calls())

    def _set_baseline(self, run: Execution) -> None:
        if run.status is not None or run.peak_memory_mb is None:
            raise RuntimeError(
                f"the memory-baseline program did not run: {run.status} {run.reason}"
            )
        self.baseline_mb = run.peak_memory_mb

    def _judge(self, sample_idx: int, execution: Execution) -> SampleResult:
        d = self.data
        n = d.y_test.size
        output = execution.outputs[0] if execution.outputs else None
        labels = as_labels(output, n)
        problem = ""
        if isinstance(labels, str):
            problem = execution.invalid.get(0, labels)
            labels = np.full(n, -1, dtype=np.int64)
        seconds = execution.call_seconds[0] if execution.call_seconds else execution.wall_seconds
        peak = execution.peak_memory_mb or 0.0
        metrics = {
            "accuracy": float(np.mean(labels == d.y_test)) if n else 0.0,
            "macro_f1": macro_f1(d.y_test, labels, range(len(d.class_names))),
            "seconds": seconds,
            "ms_per_sample": 1000.0 * seconds / max(n, 1),
            "peak_memory_mb": peak,
            "memory_mb": max(0.0, peak - (self.baseline_mb or 0.0)),
        }
        if problem:
            if self.memory_budget is not None:
                metrics["accuracy_in_budget"] = 0.0
            return SampleResult(sample_idx, Status.FAIL, metrics, problem)
        value = metrics[self.pass_metric]
        checks = [
            f"{self.pass_metric} {value:.3f} "
            f"{'>=' if value >= self.pass_at_least else '<'} {self.pass_at_least}"
        ]
        passed = value >= self.pass_at_least
        if self.memory_budget is not None:
            within = metrics["memory_mb"] <= self.memory_budget
            metrics["accuracy_in_budget"] = metrics["accuracy"] if within else 0.0
            checks.append(
                f"memory {metrics['memory_mb']:.0f} MB "
                f"{'<=' if within else '>'} {self.memory_budget:g} MB"
            )
            passed = passed and within
        return SampleResult(
            sample_idx, Status.PASS if passed else Status.FAIL, metrics, "; ".join(checks)
        )

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        if not completions:
            return []
        calls = self._calls()
        extracted = [extract_code(text, self.entry_point) for _, text in completions]
        jobs = [Job(e.code, self.entry_point, calls) for e in extracted]
        if self.baseline_mb is None:  # measured once, in the same batch as the programs
            jobs.insert(0, self._baseline_job())
        executions = run_functions(jobs, self.limits, self.context.sandbox)
        if len(executions) > len(extracted):
            self._set_baseline(executions.pop(0))
        results = []
        for (sample_idx, _), code, execution in zip(
            completions, extracted, executions, strict=True
        ):
            if execution.status is None:
                result = self._judge(sample_idx, execution)
            else:
                # No labels: zero accuracy and F1; time and memory are left out rather than
                # recorded as zero, so that failing programs do not look fast or small.
                zeros = {"accuracy": 0.0, "macro_f1": 0.0}
                if self.memory_budget is not None:
                    zeros["accuracy_in_budget"] = 0.0
                result = SampleResult(sample_idx, execution.status, zeros, execution.reason)
            result.wall_seconds = execution.wall_seconds
            result.extraction = code.method
            results.append(result)
        return results


class MultimodalHarScorer(HarScorer):
    """The same contract with X_train / X_test as dicts of modality arrays (Harmony-like)."""

    multimodal = True
