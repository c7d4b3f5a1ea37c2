"""`pytest iotbench --model mapcoder:hf:DIR` and `--model rag:hf:DIR` end to end (pytester)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tiny_llm import build_tiny_llm

import iotbench

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_bwrap,
]

BENCH_DIR = Path(iotbench.__file__).parent
ITEMS = ("cg_gps_haversine", "td_ecg_arrhythmia_monitor")  # one codegen, one decomposition
STATUSES = {"pass", "fail", "timeout", "oom", "syntax_error", "runtime_error"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llm(tmp_path_factory.mktemp("plugin") / "tiny-llama")


@pytest.fixture
def two_items(pytester: pytest.Pytester) -> list[str]:
    root = pytester.path / "items"
    for item in ITEMS:
        shutil.copytree(
            BENCH_DIR / "items" / item, root / item, ignore=shutil.ignore_patterns("__pycache__")
        )
    return [
        str(BENCH_DIR),
        "--items-dir",
        str(root),
        "--n-samples",
        "1",
        "--max-new-tokens",
        "8",
        "--no-cache",
        "-p",
        "no:xdist",
    ]


def run(pytester: pytest.Pytester, args: list[str], model: str) -> dict[str, Any]:
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(*args, "--model", model, "--results-dir", str(out))
    result.assert_outcomes(passed=len(ITEMS))
    (path,) = out.glob("*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert data["model"] == model and data["complete"]
    assert sorted(item["id"] for item in data["items"]) == sorted(ITEMS)
    for item in data["items"]:
        (sample,) = item["samples"]
        assert item["n"] == 1 and sample["status"] in STATUSES
    samples = (out / data["generation"]["samples_file"]).read_text(encoding="utf-8")
    assert len(samples.splitlines()) == len(ITEMS)
    return data


def test_mapcoder_over_hf_runs_the_benchmark(
    pytester: pytest.Pytester, tiny: Path, two_items: list[str]
) -> None:
    data = run(pytester, two_items, f"mapcoder:rounds=1:hf:{tiny},threads=1")
    assert data["model_name"] == "mapcoder-tiny-llama"
    assert data["generation"]["max_new_tokens"] == 8


def test_rag_over_hf_runs_the_benchmark(
    pytester: pytest.Pytester, tiny: Path, two_items: list[str]
) -> None:
    data = run(pytester, two_items, f"rag:k=2:hf:{tiny},threads=1")
    assert data["model_name"] == "rag-tiny-llama"
    board = (pytester.path / "out" / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "rag-tiny-llama" in board
