"""Tests for harness.leaderboard: LEADERBOARD.md from a directory of results files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.leaderboard import HTML_FILE, LEADERBOARD_FILE, update_leaderboard
from harness.leaderboard.runs import ForeignFileWarning, fingerprint
from harness.results import ItemResult, ResultsError, SampleResult, build_results, write_results
from harness.status import Status


def item(
    item_id: str, version: int, passed: int, n: int = 4, kind: str = "codegen", split: str = ""
) -> dict[str, Any]:
    samples = [SampleResult(i, Status.PASS if i < passed else Status.FAIL) for i in range(n)]
    record = ItemResult(item_id, version, kind, "ecg", "sha256:00", samples, split=split)
    return dict(record.to_dict())


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
        elif heading and line.startswith("| ") and not line.startswith("| Rank |"):
            out[heading].append(line)
    return out


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def headline_tables(tables: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    return {k: [cells(r) for r in v] for k, v in tables.items() if k.startswith("Headline")}


def fp(*items: tuple[str, int]) -> str:
    return fingerprint(tuple(sorted(items)))


def test_two_models_sorted_by_headline(tmp_path: Path) -> None:
    write_results(tmp_path, run("weak", "hf:small", "2025-01-01T00:00:00Z", [item("a", 1, 1)]))
    write_results(tmp_path, run("strong", "hf:big", "2025-01-02T00:00:00Z", [item("a", 1, 3)]))

    path = update_leaderboard(tmp_path)

    assert path == tmp_path / LEADERBOARD_FILE
    tables = sections(path.read_text(encoding="utf-8"))
    assert list(tables) == [
        f"Headline, item set {fp(('a', 1))}",
        f"Split `spec`, item set {fp(('a', 1))}",
    ]
    rows = headline_tables(tables)[f"Headline, item set {fp(('a', 1))}"]
    # Rank, Model, Spec, Items, Headline [interval], spec, Date, Results file. One item: the
    # headline interval resamples that item only, so it is the point itself.
    assert rows == [
        [
            "1",
            "name-hf:big",
            "`hf:big`",
            "1",
            "0.750 [0.75, 0.75]",
            "0.750",
            "2025-01-02",
            "strong.json",
        ],
        [
            "2",
            "name-hf:small",
            "`hf:small`",
            "1",
            "0.250 [0.25, 0.25]",
            "0.250",
            "2025-01-01",
            "weak.json",
        ],
    ]


def test_each_split_has_its_table_and_the_headline_weighs_them_equally(tmp_path: Path) -> None:
    items = [item("s1", 1, 4), item("s2", 1, 0), item("t1", 1, 1, split="task")]
    write_results(tmp_path, run("r", "hf:m", "2025-01-01T00:00:00Z", items))
    tables = sections(update_leaderboard(tmp_path).read_text(encoding="utf-8"))
    spec, task = fp(("s1", 1), ("s2", 1)), fp(("t1", 1))
    whole = fp(("s1", 1), ("s2", 1), ("t1", 1))
    assert list(tables) == [
        f"Headline, item set {whole}",
        f"Split `spec`, item set {spec}",
        f"Split `task`, item set {task}",
    ]
    # spec = (1 + 0) / 2 = 0.5, task = 1/4; headline = (0.5 + 0.25) / 2 = 0.375 (not the item
    # mean 5/12)
    (row,) = headline_tables(tables)[f"Headline, item set {whole}"]
    assert row[4].startswith("0.375 [") and row[5:7] == ["0.500", "0.250"]
    # split tables: Rank, Model, Spec, Items, Score [interval], pass@1, Date
    (spec_row,) = [cells(r) for r in tables[f"Split `spec`, item set {spec}"]]
    assert spec_row[3] == "2" and spec_row[4].startswith("0.500 [") and spec_row[5] == "0.500"


def test_a_run_of_some_splits_appears_in_those_split_tables(tmp_path: Path) -> None:
    full = [item("s1", 1, 4), item("t1", 1, 1, split="task")]
    write_results(tmp_path, run("all", "hf:a", "2025-01-01T00:00:00Z", full))
    write_results(
        tmp_path, run("part", "hf:b", "2025-01-02T00:00:00Z", [item("t1", 1, 2, split="task")])
    )
    tables = sections(update_leaderboard(tmp_path).read_text(encoding="utf-8"))
    task = [cells(r) for r in tables[f"Split `task`, item set {fp(('t1', 1))}"]]
    assert [row[1] for row in task] == ["name-hf:b", "name-hf:a"]  # 0.5 before 0.25
    spec = [cells(r) for r in tables[f"Split `spec`, item set {fp(('s1', 1))}"]]
    assert [row[1] for row in spec] == ["name-hf:a"]  # the partial run has no spec items


def test_same_model_only_latest_run_appears(tmp_path: Path) -> None:
    """The later run replaces the earlier one even when it scores worse and sorts first by name."""
    write_results(tmp_path, run("z-old", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 4)]))
    write_results(tmp_path, run("a-new", "hf:m", "2025-03-01T00:00:00Z", [item("a", 1, 1)]))

    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")

    rows = headline_tables(sections(markdown))
    assert list(rows.values()) == [
        [
            [
                "1",
                "name-hf:m",
                "`hf:m`",
                "1",
                "0.250 [0.25, 0.25]",
                "0.250",
                "2025-03-01",
                "a-new.json",
            ]
        ]
    ]
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

    tables = headline_tables(sections(update_leaderboard(tmp_path).read_text(encoding="utf-8")))

    old, new = fp(("a", 1), ("b", 1)), fp(("a", 2), ("b", 1))
    assert set(tables) == {f"Headline, item set {old}", f"Headline, item set {new}"}
    assert [r[-1] for r in tables[f"Headline, item set {old}"]] == ["r1.json"]
    assert [r[-1] for r in tables[f"Headline, item set {new}"]] == ["r3.json", "r2.json"]


def test_pass_at_5_column_when_reported(tmp_path: Path) -> None:
    write_results(tmp_path, run("r", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1, n=5)]))
    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")
    assert "| Rank | Model | Spec | Items | Score | pass@1 | pass@5 | Date |" in markdown
    # pass@1 = 1/5; pass@5 = 1 - C(4,5)/C(5,5) = 1 (4 failures cannot fill 5 draws)
    assert "| 0.200 [0.20, 0.20] | 0.200 | 1.000 |" in markdown


def test_runs_on_different_data_seeds_share_tables(tmp_path: Path) -> None:
    one = run("one", "hf:a", "2025-01-01T00:00:00Z", [item("a", 1, 2)])
    two = run("two", "hf:b", "2025-01-02T00:00:00Z", [item("a", 1, 1)])
    one["data_seed"], two["data_seed"] = 1, 2
    write_results(tmp_path, one)
    write_results(tmp_path, two)
    tables = headline_tables(sections(update_leaderboard(tmp_path).read_text(encoding="utf-8")))
    assert [len(rows) for rows in tables.values()] == [2]


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


def test_foreign_corrupt_json_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """A *.json in the results dir that is not a results file (a corrupt copy, someone else's
    file) is named in a warning and left out; the other runs still make the leaderboard."""
    write_results(tmp_path, run("good", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1)]))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "config.json").write_text('{"colour": "blue"}', encoding="utf-8")
    with pytest.warns(ForeignFileWarning) as caught:
        board = update_leaderboard(tmp_path).read_text(encoding="utf-8")
    messages = sorted(str(w.message) for w in caught)
    assert "bad.json: not a readable results file" in messages[0]
    assert "config.json: missing field 'model'" in messages[1]
    assert "| name-hf:m | `hf:m` |" in board


def test_item_without_version_names_the_file(tmp_path: Path) -> None:
    doc = run("r", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 1)])
    del doc["items"][0]["version"]
    write_results(tmp_path, doc)
    with (
        pytest.warns(ForeignFileWarning, match=r"/r\.json: field 'items\[0\]\.version'"),
        pytest.raises(ResultsError, match="no results files"),
    ):
        update_leaderboard(tmp_path)


def test_runs_on_different_data_get_separate_tables(tmp_path: Path) -> None:
    synthetic = run("syn", "hf:m", "2025-01-01T00:00:00Z", [item("a", 1, 2)])
    real = run("real", "hf:m", "2025-01-02T00:00:00Z", [item("a", 1, 1)])
    real["data"] = {"hd": "wfdb:/data/mitdb"}
    write_results(tmp_path, synthetic)
    write_results(tmp_path, real)
    markdown = update_leaderboard(tmp_path).read_text(encoding="utf-8")
    tables = headline_tables(sections(markdown))
    assert len(tables) == 2 and all(len(rows) == 1 for rows in tables.values())
    assert "a v1 on data hd=wfdb:/data/mitdb" in markdown
