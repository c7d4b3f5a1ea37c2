"""Heartbeat detection (HD): `detect_r_peaks(signal, fs) -> indices` on hidden ECG records.

The program gets each record's signal and sampling rate, never the beat annotations.  The
harness matches the returned indices one-to-one to the annotated beats within +/-tolerance and
reports, per sample:

* ``precision``, ``recall``, ``f1``: counts pooled over all records (paper §6.1);
* ``f1[NAME]`` for each record and ``f1_min_record``, the worst of them;
* ``latency_ms``: mean time of one call (one record) as measured by the sandbox, and
  ``peak_memory_mb``: the program's peak resident memory; both only when the program ran.

Records are the synthetic standard set, or real WFDB records with ``--iot-data hd=wfdb:DIR``
(see iotbench.data.wfdb_source).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from harness.metrics.beats import BeatMatch, match_beats
from harness.results import SampleResult
from harness.sandbox import Call, Execution, Job, Limits, run_functions
from harness.sanitize import extract_code
from harness.status import Status
from iotbench.data.ecg import (
    GENERATOR_VERSION,
    STANDARD_DURATION_S,
    STANDARD_RECORDS,
    EcgRecord,
    standard_records,
)
from iotbench.data.seeds import derive_seed
from iotbench.data.wfdb_source import DataSourceError, load_records
from iotbench.item import Item, ItemError
from iotbench.scorers import ScoringContext

DATA_KEY = "hd"  # --iot-data hd=...
POOLED_METRICS = ("precision", "recall", "f1", "f1_min_record")  # usable as pass criterion


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


def record_metric(name: str) -> str:
    """Metric name of one record's F1, e.g. ``f1[rec01]`` or ``f1[100]``."""
    return f"f1[{name}]"


class HeartbeatScorer:
    """Scores R-peak detectors on the standard synthetic ECG set or on WFDB records."""

    headline = "f1"  # pooled over the records: the item's score in the applications split

    def __init__(self, item: Item, context: ScoringContext) -> None:
        yaml_path = item.path / "item.yaml"
        if item.entry_point is None:
            raise ItemError(f"{yaml_path}: field 'entry_point' is required")
        data_version = item.config.get("data_version")
        if data_version != GENERATOR_VERSION:
            raise ItemError(
                f"{yaml_path}: field 'data_version' is {data_version!r} but the ECG "
                f"generator is version {GENERATOR_VERSION}; bump the item"
            )
        criterion = item.config.get("pass_criterion", {})
        self.pass_metric = str(criterion.get("metric", "f1"))
        if self.pass_metric not in POOLED_METRICS:
            raise ItemError(
                f"{yaml_path}: field 'pass_criterion.metric' must be one of "
                f"{', '.join(POOLED_METRICS)}, got {self.pass_metric!r}"
            )
        self.pass_at_least = float(criterion.get("at_least", 0.9))
        self.tolerance_s = float(item.config.get("tolerance_s", 0.150))
        self.entry_point = item.entry_point
        self.context = context
        # Real data are read here, so a bad --iot-data spec, a missing folder, one without
        # records or an unreadable record fails before any program runs (one-line error).
        spec = context.data.get(DATA_KEY)
        self.data_source = f"{DATA_KEY}={spec}" if spec else "synthetic standard set"
        try:
            self.records: list[EcgRecord] = (
                load_records(spec)
                if spec
                else standard_records(derive_seed(context.data_seed, item.id))
            )
        except DataSourceError as exc:
            raise DataSourceError(f"--iot-data {DATA_KEY}={exc}") from None
        limits = dict(item.config.get("limits", {}))
        if context.wall_seconds is not None:
            limits["wall_seconds"] = context.wall_seconds
        elif spec:
            # The item's limit is for the standard set; real data get time in proportion.
            seconds = sum(r.signal.size / r.fs for r in self.records)
            ratio = max(1.0, seconds / (STANDARD_DURATION_S * STANDARD_RECORDS))
            limits["wall_seconds"] = float(limits.get("wall_seconds", 60.0)) * ratio
        self.limits = Limits(**limits)

    def _calls(self) -> list[Call]:
        return [Call({"signal": r.signal}, {"fs": float(r.fs)}) for r in self.records]

    def _zeros(self) -> dict[str, float]:
        """Metrics of a program that found no beats at all (crashed, timed out, ...)."""
        names = [*POOLED_METRICS, *(record_metric(r.name) for r in self.records)]
        return dict.fromkeys(names, 0.0)

    def _judge(self, sample_idx: int, execution: Execution) -> SampleResult:
        total = BeatMatch(0, 0, 0)
        problems: list[str] = []
        per_record: dict[str, float] = {}
        for index, record in enumerate(self.records):
            output = execution.outputs[index] if index < len(execution.outputs) else None
            indices = as_indices(output, len(record.signal))
            if isinstance(indices, str):
                problems.append(f"{record.name}: {execution.invalid.get(index, indices)}")
                indices = np.zeros(0, dtype=np.int64)
            match = match_beats(record.r_peaks, indices, record.fs, self.tolerance_s)
            per_record[record_metric(record.name)] = match.f1
            total = total + match
        metrics = {
            "precision": total.precision,
            "recall": total.recall,
            "f1": total.f1,
            "f1_min_record": min(per_record.values()),
            **per_record,
        }
        if execution.call_seconds:
            metrics["latency_ms"] = 1000.0 * float(np.mean(execution.call_seconds))
        if execution.peak_memory_mb is not None:
            metrics["peak_memory_mb"] = float(execution.peak_memory_mb)
        passed = not problems and metrics[self.pass_metric] >= self.pass_at_least
        reason = "; ".join(problems) or (
            f"{self.pass_metric} {metrics[self.pass_metric]:.3f} "
            f"{'>=' if passed else '<'} {self.pass_at_least}"
        )
        return SampleResult(sample_idx, Status.PASS if passed else Status.FAIL, metrics, reason)

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        results = []
        calls = self._calls()
        extracted = [extract_code(text, self.entry_point) for _, text in completions]
        jobs = [Job(e.code, self.entry_point, calls) for e in extracted]
        executions = run_functions(jobs, self.limits, self.context.sandbox)
        for (sample_idx, _), code, execution in zip(
            completions, extracted, executions, strict=True
        ):
            if execution.status is None:
                result = self._judge(sample_idx, execution)
            else:
                # A program that produced nothing found no beats: it scores zero, not "missing".
                result = SampleResult(sample_idx, execution.status, self._zeros(), execution.reason)
            result.wall_seconds = execution.wall_seconds
            result.extraction = code.method
            results.append(result)
        return results
