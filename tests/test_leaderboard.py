"""Tests for harness.leaderboard: LEADERBOARD.md from a directory of results files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.leaderboard import HTML_FILE, LEADERBOARD_FILE, update_leaderboard
from harness.results import ItemResult, ResultsError, SampleResult, build_results, write_results
from harness.status import Status


def item(item_id: str, version: int, passed: int, n: int = 4) -> dict[str, Any]:
    samples = [SampleResult(i, Status.PASS if i < passed else Status.FAIL) for i in range(n)]
    return ItemResult(item_id, version, "function", "ecg", "sha256:00", samples).to_dict()


def run(run_id: str, model: str, created_at: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return build_results(
        run_id=run_id,
        created_at=created_at,
        model=model,
        model_name=f"name-{model}",
        generation={"n": 4},
        environment={},
        items=items,
        complete=True,
        benchmark_version="0.1.0",
    )


def sections(markdown: str) -> dict[str, list[str]]:
    """Table heading → its data rows (header and separator rows dropped)."""
    out: dict[str, list[str]] = {}
    heading = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:]
            out[heading] = []
        elif heading and line.startswith("| ") and not line.startswith("| Model |"):
            out[heading].append(line)
    return out


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_two_models_sorted_by_pass_at_1(tmp_path: Path) -> None:
    write_results(tmp_path, run("weak", "hf:small", "2025-01-01T00:00:00Z", [item("a", 1, 1)]))
    write_results(tmp_path, run("strong", "hf:big", "2025-01-02T00:00:00Z", [item("a", 1, 3)]))

    path = update_leaderboard(tmp_path)

    assert path == tmp_path / LEADERBOARD_FILE
    tables = sections(path.read_text(encoding="utf-8"))
    assert list(tables) == ["1 item(s): a v1"]
    rows = [cells(row) for row in tables["1 item(s): a v1"]]
    # Model, Spec, Items, pass@1, Date, Results file
    assert rows == [
        # pass@1, Wilson 95 % interval over 4 samples: 3/4 -> [0.30, 0.95]; 1/4 -> [0.05, 0.70]
        ["name-hf:big", "`hf:big`", "1", "0.750 [0.30, 0.95]", "2025-01-02", "strong.json"],
        ["name-hf:small", "`hf:small`", "1", "0.250 [0.05, 0.70]", "2025-01-01", "weak.json"],
    ]


def test_same_model_only_latest_run_appears(tmp_path: Path) -> None:
    """The later run replaces the earlier one even when it scores worse and sorts first by name."""
    write_results(tmp_path, run("z-old", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 4)]))
    write_results(tmp_path, run("a-new", "hf:m", "2025-03-01T00:00:00Z", [item("a", 1, 1)]))

    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")

    rows = [cells(row) for rows in sections(markdown).values() for row in rows]
    assert rows == [["name-hf:m", "`hf:m`", "1", "0.250 [0.05, 0.70]", "2025-03-01", "a-new.json"]]
    assert "z-old.json" not in markdown


def test_different_item_versions_get_separate_tables(tmp_path: Path) -> None:
    write_results(
        tmp_path, run("r1", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 4), item("b", 1, 2)])
    )
    write_results(
        tmp_path, run("r2", "hf:m", "2025-02-01T00:00:00Z", [item("a", 2, 0), item("b", 1, 2)])
    )
    write_results(
        tmp_path, run("r3", "hf:other", "2025-02-02T00:00:00Z", [item("a", 2, 2), item("b", 1, 2)])
    )

    tables = sections(update_leaderboard(tmp_path).read_text(encoding="utf-8"))

    assert set(tables) == {"2 item(s): a v1, b v1", "2 item(s): a v2, b v1"}
    assert [cells(r)[-1] for r in tables["2 item(s): a v1, b v1"]] == ["r1.json"]
    assert [cells(r)[-1] for r in tables["2 item(s): a v2, b v1"]] == ["r3.json", "r2.json"]


def test_pass_at_5_column_when_reported(tmp_path: Path) -> None:
    write_results(tmp_path, run("r", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1, n=5)]))
    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")
    assert "| Model | Spec | Items | pass@1 | pass@5 | Date | Results file |" in markdown
    # pass@1 = 1/5; pass@5 = 1 - C(4,5)/C(5,5) = 1 (4 failures cannot fill 5 draws)
    assert "| 0.200 [0.04, 0.62] | 1.000 |" in markdown  # Wilson interval of 1 pass in 5


def test_rerender_replaces_leaderboard(tmp_path: Path) -> None:
    write_results(tmp_path, run("r1", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1)]))
    update_leaderboard(tmp_path)
    write_results(tmp_path, run("r2", "hf:n", "2025-01-02T00:00:00Z", [item("a", 1, 1)]))
    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")
    assert "r1.json" in markdown
    assert "r2.json" in markdown
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        LEADERBOARD_FILE,
        HTML_FILE,
        "r1.json",
        "r2.json",
    ]


@pytest.mark.parametrize("other_files", [[], ["notes.txt", "samples.jsonl"]])
def test_empty_dir_raises(tmp_path: Path, other_files: list[str]) -> None:
    for name in other_files:
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    with pytest.raises(ResultsError) as info:
        update_leaderboard(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: no results files")
    assert not (tmp_path / LEADERBOARD_FILE).exists()


def test_broken_results_file_names_the_file(tmp_path: Path) -> None:
    write_results(tmp_path, run("good", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1)]))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ResultsError, match=r"bad\.json: not a readable results file"):
        update_leaderboard(tmp_path)


def test_item_without_version_names_the_file(tmp_path: Path) -> None:
    doc = run("r", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1)])
    del doc["items"][0]["version"]
    write_results(tmp_path, doc)
    with pytest.raises(ResultsError, match=r"/r\.json: "):
        update_leaderboard(tmp_path)


def test_runs_on_different_data_get_separate_tables(tmp_path: Path) -> None:
    synthetic = run("syn", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 2)])
    real = run("real", "hf:m", "2025-01-02T00:00:00Z", [item("a", 1, 1)])
    real["data"] = {"hd": "wfdb:/data/mitdb"}
    write_results(tmp_path, synthetic)
    write_results(tmp_path, real)
    tables = sections(update_leaderboard(tmp_path).read_text(encoding="utf-8"))
    assert set(tables) == {"1 item(s): a v1", "1 item(s): a v1 on data hd=wfdb:/data/mitdb"}
