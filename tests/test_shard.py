"""`--shard K/N` and `iotbench merge`: shards that cover the items once and merge into the run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import iotbench
from iotbench.cli import main
from iotbench.sharding import assign, item_costs, parse_shard

BENCH = Path(iotbench.__file__).parent
ITEMS = ["cg_audio_chirp_ranging", "cg_audio_frame_rms", "cg_ecg_notch", "task_imu_step_count",
         "td_ecg_arrhythmia_monitor"]  # fmt: skip
TIMING = {"seconds", "ms_per_sample", "latency_ms", "memory_mb", "peak_memory_mb", "wall_seconds"}


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "a/b", "2", "1/2/3", ""])
def test_bad_shard_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected K/N with 1 <= K <= N"):
        parse_shard(text)


def test_every_item_in_exactly_one_shard_balanced_by_cost() -> None:
    costs = item_costs()
    ids = sorted(costs)
    assert len(ids) > 150
    for count in (1, 2, 4, 7):
        owner = assign(ids, count, costs)
        assert set(owner) == set(ids) and set(owner.values()) == set(range(1, count + 1))
        loads = [sum(costs[i] for i in ids if owner[i] == s) for s in range(1, count + 1)]
        # longest-processing-time-first: no shard exceeds the mean by more than one item's cost
        assert max(loads) <= sum(loads) / count + max(costs.values())
    assert assign(ids, 4, costs) == assign(list(reversed(ids)), 4, costs)  # order-free


def test_unknown_items_cost_the_median() -> None:
    owner = assign(["a", "b", "new"], 2, {"a": 1.0, "b": 3.0})
    assert owner == {"b": 1, "a": 2, "new": 2}


def comparable(path: Path) -> dict[str, Any]:
    """A results file without what differs between two runs of the same work: timings, run id,
    creation time, the samples file's name and the environment."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIMING and k != "reason"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("run_id", "created_at", "environment"):
        data.pop(key)
    data["generation"].pop("samples_file")
    return dict(strip(data))


@pytest.mark.slow
@pytest.mark.needs_bwrap
def test_four_shards_merge_into_the_unsharded_run(pytester: pytest.Pytester) -> None:
    items = pytester.path / "items"
    for item_id in ITEMS:
        shutil.copytree(BENCH / "items" / item_id, items / item_id,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    common = [str(BENCH), "--items-dir", str(items), "--data-seed", "7", "--no-cache"]
    whole = pytester.path / "whole"
    pytester.runpytest_subprocess(*common, "--results-dir", str(whole)).assert_outcomes(passed=5)
    shards = []
    for k in range(1, 5):
        out = pytester.path / f"shard{k}"
        result = pytester.runpytest_subprocess(
            *common, "--shard", f"{k}/4", "--results-dir", str(out)
        )
        assert result.ret == pytest.ExitCode.OK or not list(out.glob("*.json"))
        shards += sorted(out.glob("*.json"))
    assert 2 <= len(shards) <= 4  # 5 items over 4 shards: every non-empty shard wrote a file
    merged_dir = pytester.path / "merged"
    assert main(["merge", *map(str, shards), "--out", str(merged_dir)]) == 0
    (merged,) = merged_dir.glob("*.json")
    (unsharded,) = whole.glob("*.json")
    assert comparable(merged) == comparable(unsharded)
    lines = (merged_dir / json.loads(merged.read_text())["generation"]["samples_file"]).read_text()
    assert sorted(json.loads(line)["item_id"] for line in lines.splitlines()) == sorted(ITEMS)


def test_merge_refuses_overlapping_shards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.results import build_results, write_results

    def run(directory: Path) -> Path:
        record = {"id": "x", "version": 1, "kind": "codegen", "domain": "ecg", "split": "spec",
                  "headline": "pass@1", "content_hash": "h", "n": 1, "metrics": {"pass@1": 1.0},
                  "ci95": {}, "status_counts": {"pass": 1}, "samples": []}  # fmt: skip
        results = build_results(
            run_id=f"m-{directory.name}", created_at="2026-01-01T00:00:00+00:00", model="m",
            model_name="m", environment={}, items=[record], complete=True,  # type: ignore[list-item,typeddict-item]
            benchmark_version="0", data_seed=1,
            generation={"n": 1, "temperature": 0.8, "top_p": 0.95, "max_new_tokens": 8,
                        "seed": 1, "samples_file": "s.jsonl"},
        )  # fmt: skip
        return write_results(directory, results)

    a, b = run(tmp_path / "a"), run(tmp_path / "b")
    assert main(["merge", str(a), str(b), "--out", str(tmp_path / "out")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "item x is also in" in line and "shards must not overlap" in line
