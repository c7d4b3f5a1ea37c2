"""The heartbeat-detection scorer on the standard synthetic set: metrics, statuses, limits."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from harness.sandbox import Execution
from harness.status import Status
from iotbench.catalog import ITEMS_DIR
from iotbench.item import Item, ItemError, load_item
from iotbench.scorers import ScoringContext
from iotbench.scorers.heartbeat import HeartbeatScorer, as_indices, record_metric

ITEM = load_item(ITEMS_DIR / "hd_synthetic_ecg")
RECORD_METRICS = [f"f1[rec{i:02d}]" for i in range(1, 19)]


@pytest.fixture(scope="module")
def scorer() -> HeartbeatScorer:
    return HeartbeatScorer(ITEM, ScoringContext(data_seed=0))


def test_item_declares_its_data_and_criterion() -> None:
    assert ITEM.version == 3 and ITEM.config["data_version"] == 3
    assert ITEM.config["pass_criterion"] == {"metric": "f1", "at_least": 0.9}
    assert {"reference", "generic", "bandpass", "threshold"} <= set(ITEM.solutions)


def test_stale_data_version_is_refused() -> None:
    stale = replace(ITEM, config={**ITEM.config, "data_version": 1})
    with pytest.raises(
        ItemError,
        match=r"item\.yaml: field 'data_version' is 1 but the ECG "
        r"generator is version 3",
    ):
        HeartbeatScorer(stale, ScoringContext())


def test_unknown_pass_metric_is_refused() -> None:
    odd = replace(ITEM, config={**ITEM.config, "pass_criterion": {"metric": "accuracy"}})
    with pytest.raises(
        ItemError,
        match=r"field 'pass_criterion.metric' must be one of "
        r"precision, recall, f1, f1_min_record, got 'accuracy'",
    ):
        HeartbeatScorer(odd, ScoringContext())


def test_only_signal_and_rate_reach_the_program(scorer: HeartbeatScorer) -> None:
    calls = scorer._calls()
    assert len(calls) == len(scorer.records) == 18
    for call, record in zip(calls, scorer.records, strict=True):
        assert set(call.arrays) == {"signal"} and set(call.scalars) == {"fs"}
        assert call.arrays["signal"] is record.signal and call.scalars["fs"] == record.fs


def test_judge_counts_per_record_and_pooled(scorer: HeartbeatScorer) -> None:
    sizes = [r.r_peaks.size for r in scorer.records]
    # the records of data seed 0: 1398 beats in all
    assert sizes == [64, 81, 52, 66, 67, 112, 58, 87, 68, 83, 137, 58, 76, 102, 50, 99, 67, 71]
    # Perfect on every record but rec01, where the program returns beats 0, 2, ..., 62 (32 of
    # 64) plus one detection halfway between beats 0 and 1 (over 150 ms from both).
    outputs: list[np.ndarray | None] = [r.r_peaks.copy() for r in scorer.records]
    first = scorer.records[0].r_peaks
    assert (first[1] - first[0]) / 2 > 0.15 * scorer.records[0].fs
    outputs[0] = np.append(first[::2], (first[0] + first[1]) // 2)
    execution = Execution(None, outputs=outputs, call_seconds=[0.002] * 18, peak_memory_mb=80.0)
    result = scorer._judge(3, execution)
    # rec01: tp = 32, fp = 1, fn = 32 -> F1 = 64 / (64 + 1 + 32) = 64/97.
    assert result.metrics[record_metric("rec01")] == pytest.approx(64 / 97)
    assert all(result.metrics[name] == 1.0 for name in RECORD_METRICS[1:])
    # Pooled: tp = 1398 - 32 = 1366, fp = 1, fn = 32.
    assert result.metrics["precision"] == pytest.approx(1366 / 1367)
    assert result.metrics["recall"] == pytest.approx(1366 / 1398)
    assert result.metrics["f1"] == pytest.approx(2732 / (2732 + 1 + 32))
    assert result.metrics["f1_min_record"] == pytest.approx(64 / 97)
    assert result.metrics["latency_ms"] == pytest.approx(2.0)
    assert result.metrics["peak_memory_mb"] == 80.0
    # F1 = 0.988 >= 0.9: a pass.
    assert result.sample_idx == 3 and result.status is Status.PASS


def test_unusable_output_names_the_record(scorer: HeartbeatScorer) -> None:
    outputs: list[np.ndarray | None] = [r.r_peaks.copy() for r in scorer.records]
    outputs[4] = np.array([[1, 2]])
    result = scorer._judge(0, Execution(None, outputs=outputs))
    assert result.status is Status.FAIL
    assert (
        result.reason == "rec05: returned an array of shape (1, 2), expected a 1-D array of indices"
    )
    assert result.metrics["f1[rec05]"] == 0.0
    assert "latency_ms" not in result.metrics and "peak_memory_mb" not in result.metrics


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.array([3.4, 3.6, -1.0, 10.0, 9.0]), [3, 4, 9]),  # rounded; outside [0, 10) dropped
        (np.array([], dtype=float), []),
        (np.array([True]), "returned an array of bool"),
        (np.array([np.nan]), "returned non-finite indices"),
        (None, "returned nothing usable"),
    ],
)
def test_as_indices(value: np.ndarray | None, expected: list[int] | str) -> None:
    out = as_indices(value, 10)
    if isinstance(expected, str):
        assert isinstance(out, str) and expected in out
    else:
        assert not isinstance(out, str) and out.tolist() == expected


@pytest.mark.needs_bwrap
def test_reference_generic_and_crash_in_the_sandbox(scorer: HeartbeatScorer) -> None:
    crash = "def detect_r_peaks(signal, fs):\n    raise ValueError('no beats here')\n"
    results = scorer.score(
        [(0, ITEM.solutions["reference"]), (1, ITEM.solutions["generic"]), (2, crash)]
    )
    reference, generic, crashed = results
    assert reference.status is Status.PASS and reference.metrics["f1"] >= 0.97
    assert set(RECORD_METRICS) <= set(reference.metrics)
    assert reference.metrics["f1_min_record"] == min(reference.metrics[n] for n in RECORD_METRICS)
    # Harness-measured cost: a few ms per 60 s record, well under a second.
    assert 0.0 < reference.metrics["latency_ms"] < 1000.0
    assert 10.0 < reference.metrics["peak_memory_mb"] < 4096.0
    assert generic.status is Status.FAIL and generic.metrics["precision"] <= 0.7
    assert crashed.status is Status.RUNTIME_ERROR and "no beats here" in crashed.reason
    # A program that produced nothing scores zero on every F1, and has no cost figures.
    assert all(crashed.metrics[name] == 0.0 for name in ["f1", "f1_min_record", *RECORD_METRICS])
    assert "latency_ms" not in crashed.metrics


def test_time_limit_option_overrides_the_item(scorer: HeartbeatScorer) -> None:
    assert scorer.limits.wall_seconds == 60.0 and scorer.limits.memory_mb == 4096
    faster = HeartbeatScorer(ITEM, ScoringContext(wall_seconds=5.0))
    assert faster.limits.wall_seconds == 5.0


def test_other_data_keys_are_ignored() -> None:
    item: Item = ITEM
    scorer = HeartbeatScorer(item, ScoringContext(data={"har": "wiar:/nowhere"}))
    assert scorer.data_source == "synthetic standard set" and len(scorer.records) == 18
