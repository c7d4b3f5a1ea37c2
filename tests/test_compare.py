"""The regression gate: unit cases computed by hand, and `--compare` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import iotbench
from harness.compare import Baseline, is_gated
from harness.results import ResultsError, build_results

BENCH_DIR = str(Path(iotbench.__file__).parent)


def item(item_id: str, version: int, **metrics: float) -> dict[str, Any]:
    return {
        "id": item_id,
        "version": version,
        "kind": "application",
        "domain": "ecg",
        "content_hash": "h",
        "n": 1,
        "metrics": metrics,
        "samples": [],
    }


def baseline_file(tmp_path: Path, *items: dict[str, Any]) -> Path:
    doc = build_results(
        run_id="base",
        created_at="2026-01-01T00:00:00+00:00",
        model="m",
        model_name="m",
        generation={},
        environment={},
        items=items,
        complete=True,
        benchmark_version="0",
    )
    path = tmp_path / "base.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_drop_beyond_tolerance_regresses_and_within_does_not(tmp_path: Path) -> None:
    base = Baseline(baseline_file(tmp_path, item("a", 1, f1=0.90, recall=0.80)), tolerance=0.02)
    # f1: 0.90 -> 0.87 is a drop of 0.03 > 0.02; recall: 0.80 -> 0.785 drops 0.015 <= 0.02.
    comparison = base.compare(item("a", 1, f1=0.87, recall=0.785))
    assert comparison is not None and comparison.regressed
    flags = {c.metric: c.regressed for c in comparison.changes}
    assert flags == {"f1": True, "recall": False}
    assert "-0.0300  REGRESSED" in comparison.table()


def test_exact_tolerance_is_not_a_regression(tmp_path: Path) -> None:
    base = Baseline(baseline_file(tmp_path, item("a", 1, f1=0.5)), tolerance=0.25)
    comparison = base.compare(item("a", 1, f1=0.25))  # drop of exactly 0.25
    assert comparison is not None and not comparison.regressed


def test_latency_and_memory_never_gate(tmp_path: Path) -> None:
    assert not is_gated("latency_ms") and not is_gated("peak_memory_mb") and is_gated("pass@1")
    base = Baseline(baseline_file(tmp_path, item("a", 1, latency_ms=1.0, peak_memory_mb=10.0)))
    comparison = base.compare(item("a", 1, latency_ms=50.0, peak_memory_mb=900.0))
    assert comparison is not None and not comparison.regressed


def test_version_change_is_reported_not_compared(tmp_path: Path) -> None:
    base = Baseline(baseline_file(tmp_path, item("a", 1, f1=0.9)))
    comparison = base.compare(item("a", 2, f1=0.9))
    assert comparison is not None and comparison.regressed
    assert "item version changed (v1 in base.json, v2 now)" in comparison.problem


def test_item_missing_from_baseline_is_none(tmp_path: Path) -> None:
    assert Baseline(baseline_file(tmp_path, item("a", 1, f1=1.0))).compare(item("b", 1)) is None


def test_bad_baseline_and_tolerance(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ResultsError, match=r"broken\.json: not a readable results file"):
        Baseline(broken)
    for tolerance in (-0.1, float("nan"), float("inf")):  # NaN would turn the gate off
        with pytest.raises(ValueError, match="--tolerance must be a finite number >= 0"):
            Baseline(baseline_file(tmp_path, item("a", 1)), tolerance=tolerance)


@pytest.mark.slow
@pytest.mark.needs_bwrap
def test_compare_fails_on_regression_and_passes_on_rerun(
    pytester: pytest.Pytester, hd_only: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = pytester.path / "step_summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = pytester.path / "out"
    args = [*hd_only, "--n-samples", "1", "--results-dir", str(out)]
    pytester.runpytest_subprocess(*args).assert_outcomes(passed=1)
    (base,) = out.glob("reference-*.json")

    same = pytester.runpytest_subprocess(*args, "--compare", str(base))
    same.assert_outcomes(passed=1)
    assert same.ret == pytest.ExitCode.OK
    same.stdout.fnmatch_lines(
        ["*IoTBench comparison with reference-*", "applications * +0.0000 * ok", "headline * ok"]
    )
    summary.unlink()

    worse = pytester.runpytest_subprocess(
        *args, "--model", "reference:generic", "--compare", str(base)
    )
    worse.assert_outcomes(failed=1)
    assert worse.ret == pytest.ExitCode.TESTS_FAILED
    worse.stdout.fnmatch_lines(
        ["*hd_synthetic_ecg regressed against reference-*", "f1 * 0.9* * -0.9*  REGRESSED"]
    )
    worse.stdout.fnmatch_lines(["headline * REGRESSED"])
    table = summary.read_text(encoding="utf-8")
    assert "| headline | 1 | -0.9" in table and "**regressed**" in table


def test_compare_with_missing_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(BENCH_DIR, "--compare", "nope.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --compare: nope.json: not a readable results file*"])


def test_issue_counts_never_gate(tmp_path: Path) -> None:
    assert not is_gated("bugs") and not is_gated("security_high") and not is_gated("cc_max")
    base = Baseline(baseline_file(tmp_path, item("a", 1, bugs=3.0, smells=2.0, codebleu=0.5)))
    comparison = base.compare(item("a", 1, bugs=0.0, smells=0.0, codebleu=0.5))
    assert comparison is not None and not comparison.regressed
