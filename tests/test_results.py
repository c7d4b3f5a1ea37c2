"""Tests for harness.results: per-item aggregates and the results JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.results import (
    SCHEMA_VERSION,
    ItemResult,
    ResultsError,
    SampleResult,
    build_results,
    read_results,
    write_results,
)
from harness.status import Status


def item_result(
    statuses: list[Status],
    metrics: list[dict[str, float]] | None = None,
    item_id: str = "ecg/peaks",
) -> ItemResult:
    per_sample = metrics or [{} for _ in statuses]
    samples = [SampleResult(i, status, per_sample[i]) for i, status in enumerate(statuses)]
    return ItemResult(item_id, 1, "function", "ecg", "sha256:00", samples)


def results_doc(run_id: str = "run-1", items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if items is None:
        items = [item_result([Status.PASS, Status.FAIL]).to_dict()]
    return build_results(
        run_id=run_id,
        created_at="2025-01-02T03:04:05Z",
        model="reference",
        model_name="reference",
        generation={"n": 2, "seed": 0},
        environment={"python": "3.12"},
        items=items,
        complete=True,
        benchmark_version="0.1.0",
    )


# --- ItemResult.metrics --------------------------------------------------------------------


def test_metrics_with_three_samples() -> None:
    item = item_result(
        [Status.PASS, Status.FAIL, Status.TIMEOUT], [{"f1": 1.0, "recall": 0.5}, {"f1": 0.5}, {}]
    )
    metrics = item.metrics
    # f1 is averaged over the two samples that report it: (1.0 + 0.5) / 2
    assert metrics == {
        "f1": pytest.approx(0.75),
        "recall": pytest.approx(0.5),
        "pass@1": pytest.approx(1 / 3),
    }
    assert "pass@5" not in metrics  # k > n: no estimate at all, not a silently wrong one
    assert "pass@10" not in metrics


@pytest.mark.parametrize(("passed", "n"), [(0, 4), (1, 4), (3, 4), (4, 4), (2, 7)])
def test_pass_at_1_is_pass_fraction(passed: int, n: int) -> None:
    statuses = [Status.PASS] * passed + [Status.RUNTIME_ERROR] * (n - passed)
    assert item_result(statuses).metrics["pass@1"] == pytest.approx(passed / n)


def test_pass_at_k_keys_follow_n() -> None:
    five = item_result([Status.PASS, Status.PASS] + [Status.FAIL] * 3).metrics
    assert set(five) == {"pass@1", "pass@5"}
    assert five["pass@5"] == 1.0  # 3 failures cannot fill 5 draws
    twenty = item_result([Status.PASS] * 3 + [Status.FAIL] * 17).metrics
    assert set(twenty) == {"pass@1", "pass@5", "pass@10"}
    assert twenty["pass@5"] == pytest.approx(1 - 6188 / 15504)  # 1 - C(17,5)/C(20,5)


def test_only_pass_status_counts_as_passed() -> None:
    statuses = [
        Status.FAIL,
        Status.TIMEOUT,
        Status.OOM,
        Status.SYNTAX_ERROR,
        Status.RUNTIME_ERROR,
        Status.HARNESS_ERROR,
    ]
    assert item_result(statuses).metrics["pass@1"] == 0.0


def test_no_samples_no_metrics() -> None:
    assert item_result([]).metrics == {}


# --- to_dict -------------------------------------------------------------------------------


def test_sample_to_dict() -> None:
    sample = SampleResult(3, Status.SYNTAX_ERROR, {"f1": 0.25}, "line 2: bad", 1.234567, "fence")
    data = sample.to_dict()
    assert data == {
        "sample_idx": 3,
        "status": "syntax_error",
        "metrics": {"f1": 0.25},
        "reason": "line 2: bad",
        "wall_seconds": 1.2346,
        "extraction": "fence",
    }
    assert type(data["status"]) is str


def test_item_to_dict() -> None:
    item = item_result([Status.PASS, Status.TIMEOUT, Status.PASS], [{"f1": 1.0}, {}, {"f1": 0.2}])
    data = item.to_dict()
    assert data["n"] == 3
    assert data["status_counts"] == {"pass": 2, "timeout": 1}
    assert list(data["status_counts"]) == ["pass", "timeout"]
    assert [s["status"] for s in data["samples"]] == ["pass", "timeout", "pass"]
    assert all(type(s["status"]) is str for s in data["samples"])
    assert data["metrics"] == {"f1": 0.6, "pass@1": 0.666667}  # rounded to 6 places
    assert json.loads(json.dumps(data)) == data


def test_build_results_sorts_items_and_aggregates() -> None:
    three = item_result([Status.PASS, Status.FAIL, Status.FAIL], item_id="z").to_dict()
    five = item_result([Status.PASS] * 5, item_id="a").to_dict()
    doc = results_doc(items=[three, five])
    assert doc["schema_version"] == SCHEMA_VERSION
    assert [item["id"] for item in doc["items"]] == ["a", "z"]
    # pass@1 over both items: (1 + 1/3) / 2; pass@5 only from the item with n >= 5.
    # Bootstrap over two item values {1, 1/3}: resampled means are 1/3, 2/3 or 1, so the 2.5 %
    # and 97.5 % percentiles are 1/3 and 1. pass@5 has one item, which has no interval of its own
    # for pass@5.
    assert doc["aggregate"] == {
        "items": 2,
        "metrics": {"pass@1": 0.666667, "pass@5": 1.0},
        "ci95": {"pass@1": [0.333333, 1.0]},
    }


def test_item_interval_for_pass_at_1_is_wilson() -> None:
    # Wilson, 1 of 3 at 95 % (z = 1.959964): centre = (1/3 + z²/6) / (1 + z²/3) = 0.426914,
    # half-width = z * sqrt((1/3)(2/3)/3 + z²/36) / (1 + z²/3) = 0.365424.
    intervals = item_result([Status.PASS, Status.FAIL, Status.FAIL]).to_dict()["ci95"]
    low, high = intervals["pass@1"]
    assert low == pytest.approx(0.061492, abs=1e-5) and high == pytest.approx(0.792340, abs=1e-5)
    assert item_result([Status.PASS]).to_dict()["ci95"] == {}  # one sample: no interval


# --- the results file ----------------------------------------------------------------------


def test_write_then_read(tmp_path: Path) -> None:
    doc = results_doc()
    path = write_results(tmp_path / "results", doc)
    assert path == tmp_path / "results" / "run-1.json"
    assert read_results(path) == doc


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_results(tmp_path, results_doc())
    before = path.read_text(encoding="utf-8")
    other = results_doc(items=[item_result([Status.FAIL]).to_dict()])
    with pytest.raises(FileExistsError):
        write_results(tmp_path, other)
    assert path.read_text(encoding="utf-8") == before


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", [3, 0, "1", None])
def test_read_rejects_other_schema_version(tmp_path: Path, version: object) -> None:
    doc = results_doc()
    doc["schema_version"] = version
    path = write_json(tmp_path / "r.json", doc)
    with pytest.raises(ResultsError) as info:
        read_results(path)
    assert str(info.value) == f"{path}: field 'schema_version' must be 1 or 2"


def test_schema_1_files_are_read_with_the_kind_split(tmp_path: Path) -> None:
    doc = results_doc(items=[item_result([Status.PASS, Status.FAIL], item_id="a").to_dict()])
    old = json.loads(json.dumps(doc))
    old["schema_version"] = 1
    for key in ("splits", "headline", "data_seed"):
        del old[key]
    for item in old["items"]:
        item["kind"] = "codegen"
        del item["split"], item["headline"]
    read = read_results(write_json(tmp_path / "old.json", old))
    assert read["items"][0]["split"] == "spec" and read["items"][0]["headline"] == "pass@1"
    assert read["data_seed"] is None
    assert read["splits"]["spec"]["score"] == 0.5
    assert read["headline"]["score"] == 0.5 and read["headline"]["splits"] == {"spec": 0.5}


def test_splits_and_headline_weigh_splits_equally() -> None:
    def record(item_id: str, split: str, headline: str, **metrics: float) -> dict[str, Any]:
        return {
            **item_result([Status.PASS], item_id=item_id).to_dict(),
            "split": split,
            "headline": headline,
            "metrics": metrics,
        }

    items = [
        record("s1", "spec", "pass@1", **{"pass@1": 1.0}),
        record("s2", "spec", "pass@1", **{"pass@1": 1.0}),
        record("s3", "spec", "pass@1", **{"pass@1": 0.0}),
        record("hd", "applications", "f1", f1=0.8, **{"pass@1": 0.0}),
    ]
    doc = results_doc(items=items)
    # spec: (1 + 1 + 0) / 3; applications: hd's headline metric f1 = 0.8, not its pass@1.
    assert doc["splits"]["spec"]["score"] == pytest.approx(2 / 3, abs=1e-6)
    assert doc["splits"]["applications"]["score"] == 0.8
    assert list(doc["splits"]) == ["spec", "applications"]
    # the headline weighs the two splits equally: (2/3 + 0.8) / 2, not the item mean 0.7
    assert doc["headline"]["score"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-6)
    # resampling within splits: spec means take 0, 1/3, 2/3 or 1, applications is fixed at
    # 0.8, so the headline interval lies within [(0 + 0.8) / 2, (1 + 0.8) / 2]
    low, high = doc["headline"]["ci95"]
    assert 0.4 <= low < doc["headline"]["score"] < high <= 0.9


def test_read_rejects_non_object(tmp_path: Path) -> None:
    path = write_json(tmp_path / "r.json", [results_doc()])
    with pytest.raises(ResultsError, match="'schema_version'"):
        read_results(path)


@pytest.mark.parametrize(
    "field", ["model", "model_name", "run_id", "created_at", "items", "aggregate"]
)
def test_read_rejects_missing_field(tmp_path: Path, field: str) -> None:
    doc = results_doc()
    del doc[field]
    path = write_json(tmp_path / "r.json", doc)
    with pytest.raises(ResultsError) as info:
        read_results(path)
    assert str(info.value) == f"{path}: missing field {field!r}"


@pytest.mark.parametrize("text", ['{"schema_version": 1,', "", "not json"])
def test_read_rejects_invalid_json(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResultsError) as info:
        read_results(path)
    assert str(info.value).startswith(f"{path}: not a readable results file")


def test_read_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(ResultsError) as info:
        read_results(path)
    assert str(info.value).startswith(f"{path}: not a readable results file")
