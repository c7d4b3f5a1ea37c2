"""The statistical regression gate: hand-computed cases, refusals and the run-level verdict."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from harness.compare import Baseline, pick_baseline
from harness.gate import check_gate_settings, group_drop, item_drop, one_sided_p
from harness.results import build_results


def test_fisher_p_value_of_the_most_extreme_table() -> None:
    # 10/10 passes before, 0/10 after: the one table at least this extreme has probability
    # C(10,10) C(10,0) / C(20,10) = 1 / 184756
    assert one_sided_p([1.0] * 10, [0.0] * 10) == pytest.approx(1 / math.comb(20, 10))
    # no drop, 1/2 on both sides: with margins (2, 2) the "before" passes are 0, 1 or 2 with
    # probabilities 1/6, 4/6, 1/6, so P(at least the observed 1) = 5/6
    assert one_sided_p([1.0, 0.0], [1.0, 0.0]) == pytest.approx(5 / 6)
    # continuous values: Mann-Whitney, all of `after` below all of `before` (n = 3 each):
    # P(U = 9) = 1 / C(6, 3) = 0.05 (exact distribution)
    assert one_sided_p([0.9, 0.8, 0.7], [0.3, 0.2, 0.1]) == pytest.approx(0.05)


def test_one_sample_runs_are_compared_exactly() -> None:
    drop = item_drop("a", "spec", [1.0], [0.0], tolerance=0.02, alpha=0.05, compared=100)
    assert drop.exact and drop.regressed and drop.delta == -1.0
    same = item_drop("a", "spec", [0.5], [0.49], tolerance=0.02, alpha=0.05, compared=100)
    assert same.exact and not same.regressed


def test_a_sampled_drop_must_be_significant_after_bonferroni() -> None:
    # 12/20 -> 10/20: 0.1 lower, far inside the noise of n = 20
    noisy = item_drop(
        "a", "task", [1.0] * 12 + [0.0] * 8, [1.0] * 10 + [0.0] * 10,
        tolerance=0.02, alpha=0.05, compared=1,
    )  # fmt: skip
    assert not noisy.exact and noisy.p_value > 0.2 and not noisy.regressed
    # 20/20 -> 5/20: p = C(20,5)... tiny, significant even at 0.05 / 165
    real = item_drop(
        "a", "task", [1.0] * 20, [1.0] * 5 + [0.0] * 15,
        tolerance=0.02, alpha=0.05, compared=165,
    )  # fmt: skip
    assert real.p_value < 0.05 / 165 and real.regressed


def test_group_drop_needs_both_margin_and_significance() -> None:
    # every item exactly 0.1 lower: nothing to resample, the interval is the point
    certain = group_drop("spec", {"spec": [-0.1] * 10}, tolerance=0.02, level=0.05)
    assert (certain.delta, certain.low, certain.high, certain.regressed) == (-0.1, -0.1, -0.1, True)
    # a mean drop of 0.01 (below the margin) never regresses however certain
    small = group_drop("spec", {"spec": [-0.01] * 10}, tolerance=0.02, level=0.05)
    assert not small.regressed
    # differences that cancel out: the interval straddles 0
    mixed = group_drop("spec", {"spec": [-0.5, 0.5] * 10}, tolerance=0.02, level=0.05)
    assert mixed.delta == 0.0 and mixed.low < 0 < mixed.high and not mixed.regressed
    # by hand: mean -0.2, sd 0.1, se 0.1 / sqrt(3), t(0.95, 2 df) = 2.919986
    t = group_drop("spec", {"spec": [-0.1, -0.2, -0.3]}, tolerance=0.02, level=0.05)
    assert t.high == pytest.approx(-0.2 + 2.919986 * 0.1 / 3**0.5, abs=1e-5)
    assert t.low == pytest.approx(-0.2 - 2.919986 * 0.1 / 3**0.5, abs=1e-5) and t.regressed
    # the headline weighs splits equally: (-0.3 + 0.0) / 2
    both = group_drop(
        "headline", {"spec": [-0.3] * 4, "task": [0.0] * 40}, tolerance=0.02, level=0.05
    )
    assert both.delta == pytest.approx(-0.15)


@pytest.mark.parametrize(
    ("tolerance", "alpha", "message"),
    [
        (float("nan"), 0.05, "--tolerance must be a finite number >= 0, got nan"),
        (-0.1, 0.05, "--tolerance must be a finite number >= 0, got -0.1"),
        (0.02, float("nan"), "--compare-alpha must be in \\(0, 1\\), got nan"),
        (0.02, 0.0, "--compare-alpha must be in \\(0, 1\\), got 0.0"),
        (0.02, 1.5, "--compare-alpha must be in \\(0, 1\\), got 1.5"),
    ],
)
def test_gate_settings_that_would_switch_it_off_are_refused(
    tolerance: float, alpha: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        check_gate_settings(tolerance, alpha)


def sampled(item_id: str, split: str, passes: int, n: int, content: str = "h") -> dict[str, Any]:
    samples = [
        {"sample_idx": i, "status": "pass" if i < passes else "fail", "metrics": {},
         "reason": "", "wall_seconds": 0.0, "extraction": "fenced"}
        for i in range(n)
    ]  # fmt: skip
    return {
        "id": item_id, "version": 1, "kind": "codegen", "domain": "imu", "split": split,
        "headline": "pass@1", "content_hash": content, "n": n,
        "metrics": {"pass@1": passes / n}, "ci95": {}, "status_counts": {}, "samples": samples,
    }  # fmt: skip


def write_run(path: Path, items: list[dict[str, Any]], model: str = "m", when: str = "1") -> Path:
    doc = build_results(
        run_id=path.stem,
        created_at=f"2026-01-0{when}T00:00:00+00:00",
        model=model,
        model_name=model,
        generation={},
        environment={},
        items=items,
        complete=True,
        benchmark_version="0",
    )
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_run_level_gate_on_sampled_runs(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rates = rng.uniform(0.2, 0.8, 60)
    base_items = [sampled(f"t{i}", "task", int(r * 20), 20) for i, r in enumerate(rates)]
    base = Baseline(write_run(tmp_path / "base.json", base_items))
    # the same pass counts shifted by one sample here and there: no regression
    wobble = [sampled(f"t{i}", "task", int(r * 20) + (i % 3 - 1), 20) for i, r in enumerate(rates)]
    report = base.gate(wobble)
    assert not report.regressed
    assert [g.name for g in report.groups] == ["task", "headline"]
    # every item 4 of 20 samples worse (0.2): a real drop
    worse = [sampled(f"t{i}", "task", int(r * 20) - 4, 20) for i, r in enumerate(rates)]
    report = base.gate(worse)
    assert report.regressed and report.groups[-1].delta == pytest.approx(-0.2)
    assert report.items[0].delta == pytest.approx(-0.2)  # largest drop first
    assert "| headline | 60 | -0.2000" in report.markdown("base.json")


def test_changed_content_and_other_data_are_refused(tmp_path: Path) -> None:
    base = Baseline(write_run(tmp_path / "base.json", [sampled("a", "task", 5, 10)]))
    comparison = base.compare(sampled("a", "task", 5, 10, content="other"))
    assert comparison is not None and comparison.regressed
    assert "item content changed" in comparison.problem
    assert base.gate([sampled("a", "task", 5, 10, content="other")]).regressed
    with pytest.raises(ValueError, match="different data sources cannot be compared"):
        base.check_data({"hd": "wfdb:/data"})


def test_a_directory_picks_the_newest_run_of_the_same_model(tmp_path: Path) -> None:
    old = write_run(tmp_path / "a.json", [sampled("a", "task", 1, 1)], model="x", when="1")
    new = write_run(tmp_path / "b.json", [sampled("a", "task", 1, 1)], model="x", when="2")
    write_run(tmp_path / "c.json", [sampled("a", "task", 1, 1)], model="y", when="3")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not a results file
    assert pick_baseline(tmp_path, "x") == new != old
    assert pick_baseline(new, "whatever") == new
    with pytest.raises(ValueError, match="no results file of model 'z'"):
        pick_baseline(tmp_path, "z")
