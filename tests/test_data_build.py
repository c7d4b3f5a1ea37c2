"""`gpiot data build`: a small real build, overwrite protection, bad input, decontamination."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gpiot_models.cli import main as gpiot_main
from gpiot_models.data import build, decontam
from gpiot_models.data.cgd import CgdStats
from harness import sandbox
from iotbench.catalog import load_items

pytestmark = pytest.mark.needs_bwrap

SMALL = ["--packages", "scipy.fft", "--limit", "3", "--quiet"]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data") / "gpiot_data"
    assert gpiot_main(["data", "build", "--out", str(out), *SMALL]) == 0
    return out


@pytest.mark.slow
def test_build_writes_datasets_jsonl_and_card(built: Path) -> None:
    from datasets import load_from_disk

    assert sorted(p.name for p in built.iterdir()) == [
        "README.md",
        "cgd",
        "cgd.jsonl",
        "cgd_stats.json",
        "tdd",
        "tdd.jsonl",
    ]
    cgd = _jsonl(built / "cgd.jsonl")
    tdd = _jsonl(built / "tdd.jsonl")
    assert tdd, "the TDD builder gave no records"
    for name, records in (("cgd", cgd), ("tdd", tdd)):
        dataset = load_from_disk(str(built / name))
        assert dataset.column_names == list(build.COLUMNS)
        assert len(dataset) == len(records)
        assert dataset[0]["messages"] == records[0]["messages"]
        assert [m["role"] for m in dataset[0]["messages"]] == ["system", "user", "assistant"]
    # three scipy.fft objects: a description each, implementations for those whose examples ran
    tasks = [r["task_type"] for r in cgd]
    assert tasks.count("module_description") == 3
    assert tasks.count("example_implementation") >= 3
    assert {r["source"].rpartition(".")[0] for r in cgd} == {"scipy.fft"}
    assert all(r["package_version"].startswith("scipy==") and r["operator"] == "" for r in cgd)
    assert len({r["id"] for r in cgd}) == len(cgd)
    card = (built / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\npretty_name:")
    for section in (
        "### CGD by task type",
        "### CGD by source package",
        "## Package versions",
        "### By augmentation operator",
        "### By domain",
        "## Decontamination",
        "## Quality measures",
    ):
        assert section in card
    assert "CGD IoT-relevant share: " in card and "unique step lines" in card
    assert f"| example_implementation | {tasks.count('example_implementation')} |" in card
    assert "Records overlapping an IoTBench item after filtering: **0**" in card


@pytest.mark.slow
def test_built_examples_ran_and_check_passes(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = [
        r for r in _jsonl(built / "cgd.jsonl") if r["task_type"] == "example_implementation"
    ]
    code = [r["messages"][2]["content"].split("```python\n")[1].split("```")[0] for r in examples]
    runs = sandbox.run_batch(
        [sandbox.Job(c, "main", [sandbox.Call({})]) for c in code], sandbox.Limits(wall_seconds=20)
    )
    assert [run.status for run in runs] == [None] * len(code)  # main() of each ran cleanly
    assert all(run.stdout.strip() for run in runs)
    assert decontam.main(["--data", str(built)]) == 0
    assert "PASS" in capsys.readouterr().out


@pytest.mark.slow
def test_injected_item_text_is_caught_and_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = next(i for i in load_items() if i.kind == "codegen")
    leaked_text = " ".join(item.read("reference.py").split()[:40])
    real = build.build_cgd

    def with_leak(*args: Any, **kwargs: Any) -> Any:
        records, stats = real(*args, **kwargs)
        leak = json.loads(json.dumps(records[0]))
        leak["id"] = "cgd-leak"
        leak["messages"][2]["content"] += "\n" + leaked_text
        return [*records, leak], stats

    monkeypatch.setattr(build, "build_cgd", with_leak)
    out = tmp_path / "out"
    assert (
        build.main(["--out", str(out), "--packages", "scipy.fft", "--limit", "1", "--quiet"]) == 0
    )
    ids = [r["id"] for r in _jsonl(out / "cgd.jsonl")]
    assert "cgd-leak" not in ids and ids
    card = (out / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\| cgd \| {len(ids) + 1} \| 1 \| {item.id}/\w+\.py \(1\) \|", card)
    assert "| tdd | " in card


def test_refuses_non_empty_out_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "keep.txt").write_text("earlier work", encoding="utf-8")
    assert build.main(["--out", str(tmp_path), *SMALL]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == f"gpiot data build: {tmp_path} exists and is not empty; pass --force to replace it"
    )
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "earlier work"


def test_bad_package_and_bad_tdd_record_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build.main(["--out", str(out), "--packages", "no_such_pkg_xyz", "--quiet"]) == 2
    assert "cannot import 'no_such_pkg_xyz'" in capsys.readouterr().err
    assert build.main(["--out", str(out), "--packages", "1bad", "--quiet"]) == 2
    assert "is not a dotted module or class name" in capsys.readouterr().err

    monkeypatch.setattr(build, "build_cgd", lambda *a, **k: ([], CgdStats()))
    monkeypatch.setattr(
        build,
        "build_tdd_records",
        lambda adapter, seed, variants: [{"id": "t1", "messages": [], "task_type": "x"}],
    )
    assert build.main(["--out", str(out), "--packages", "scipy.fft", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "tdd record 't1': field 'domain' must be a string" in err
    assert not out.exists()


@pytest.mark.slow
def test_a_reworded_item_prompt_is_dropped_and_an_earlier_cgd_can_be_reused(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = next(i for i in load_items() if i.kind == "decomposition")
    words = item.prompt.split()
    reworded = " ".join(w for i, w in enumerate(words) if i % 10 != 9)  # no 13-gram survives
    real = build.build_tdd_records

    def with_paraphrase(adapter: Any, seed: int, variants: int) -> list[dict[str, Any]]:
        records = real(adapter, seed, variants)
        copy = json.loads(json.dumps(records[0]))
        copy["id"] = "tdd-paraphrase"
        copy["messages"][1]["content"] = reworded
        return [*records, copy]

    monkeypatch.setattr(build, "build_tdd_records", with_paraphrase)
    out = tmp_path / "out"
    assert build.main(["--out", str(out), "--cgd-from", str(built), "--quiet"]) == 0
    ids = [r["id"] for r in _jsonl(out / "tdd.jsonl")]
    assert "tdd-paraphrase" not in ids and len(ids) > 100
    assert _jsonl(out / "cgd.jsonl") == _jsonl(built / "cgd.jsonl")
    stats = json.loads((out / "cgd_stats.json").read_text(encoding="utf-8"))
    assert stats == json.loads((built / "cgd_stats.json").read_text(encoding="utf-8"))
