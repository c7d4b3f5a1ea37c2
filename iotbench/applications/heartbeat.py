"""Heartbeat detection (HD): `detect_r_peaks(signal, fs) -> indices` on hidden ECG records.

The program gets each record's signal and sampling rate, never the beat annotations; the harness
matches the returned indices one-to-one to the true R peaks within ±tolerance and pools the counts
over records into precision, recall and F1 (paper §6.1 reports precision and recall).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from harness.metrics.beats import BeatMatch, match_beats
from harness.results import SampleResult
from harness.sandbox import Call, Execution, Job, Limits, run_functions
from harness.sanitize import extract_code
from harness.status import Status
from iotbench.data.ecg import GENERATOR_VERSION, EcgRecord, standard_records
from iotbench.items import Item, ItemError
from iotbench.scoring import ScoringContext


def as_indices(value: np.ndarray | None, length: int) -> np.ndarray | str:
    """The program's output as int64 sample indices, or the reason it is not usable."""
    if value is None:
        return "returned nothing usable"
    if value.dtype.kind not in "iuf" or value.dtype.kind == "b":
        return f"returned an array of {value.dtype}, expected numbers (sample indices)"
    if value.ndim != 1:
        return f"returned an array of shape {value.shape}, expected a 1-D array of indices"
    if value.size and not np.all(np.isfinite(value)):
        return "returned non-finite indices"
    indices: np.ndarray = np.rint(value).astype(np.int64)
    return indices[(indices >= 0) & (indices < length)]


class HeartbeatScorer:
    """Scores R-peak detectors on the standard synthetic ECG set."""

    def __init__(self, item: Item, context: ScoringContext) -> None:
        if item.entry_point is None:
            raise ItemError(f"{item.path / 'item.yaml'}: field 'entry_point' is required")
        data_version = item.config.get("data_version")
        if data_version != GENERATOR_VERSION:
            raise ItemError(f"{item.path / 'item.yaml'}: field 'data_version' is {data_version!r} "
                            f"but the ECG generator is version {GENERATOR_VERSION}; bump the item")
        criterion = item.config.get("pass_criterion", {})
        self.pass_metric = str(criterion.get("metric", "f1"))
        self.pass_at_least = float(criterion.get("at_least", 0.9))
        self.tolerance_s = float(item.config.get("tolerance_s", 0.150))
        limits = dict(item.config.get("limits", {}))
        if context.wall_seconds is not None:
            limits["wall_seconds"] = context.wall_seconds
        self.limits = Limits(**limits)
        self.entry_point = item.entry_point
        self.context = context

    @cached_property
    def records(self) -> list[EcgRecord]:
        return standard_records()

    def _calls(self) -> list[Call]:
        return [Call({"signal": r.signal}, {"fs": float(r.fs)}) for r in self.records]

    def _judge(self, sample_idx: int, execution: Execution) -> SampleResult:
        total = BeatMatch(0, 0, 0)
        problems: list[str] = []
        per_record_f1 = []
        for index, record in enumerate(self.records):
            output = execution.outputs[index] if index < len(execution.outputs) else None
            indices = as_indices(output, len(record.signal))
            if isinstance(indices, str):
                problems.append(f"{record.name}: {execution.invalid.get(index, indices)}")
                indices = np.zeros(0, dtype=np.int64)
            match = match_beats(record.r_peaks, indices, record.fs, self.tolerance_s)
            per_record_f1.append(match.f1)
            total = total + match
        metrics = {"precision": total.precision, "recall": total.recall, "f1": total.f1,
                   "f1_min_record": min(per_record_f1)}
        passed = not problems and metrics[self.pass_metric] >= self.pass_at_least
        reason = "; ".join(problems) or (
            f"{self.pass_metric} {metrics[self.pass_metric]:.3f} "
            f"{'>=' if passed else '<'} {self.pass_at_least}")
        return SampleResult(sample_idx, Status.PASS if passed else Status.FAIL, metrics, reason)

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        results = []
        calls = self._calls()
        extracted = [extract_code(text, self.entry_point) for _, text in completions]
        jobs = [Job(e.code, self.entry_point, calls) for e in extracted]
        executions = run_functions(jobs, self.limits, self.context.sandbox)
        for (sample_idx, _), code, execution in zip(completions, extracted, executions,
                                                    strict=True):
            if execution.status is None:
                result = self._judge(sample_idx, execution)
            else:
                # A program that produced nothing found no beats: it scores zero, not "missing".
                zeros = dict.fromkeys(("precision", "recall", "f1", "f1_min_record"), 0.0)
                result = SampleResult(sample_idx, execution.status, zeros, execution.reason)
            result.wall_seconds = execution.wall_seconds
            result.extraction = code.method
            results.append(result)
        return results
