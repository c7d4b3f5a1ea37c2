"""The terminal summary: one table of splits and the leaderboard row; items only on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.results import ResultsFile
from iotbench.plugin import installed_benchmark
from iotbench.summary import split_lines, write_summary

RESULTS = Path(__file__).resolve().parent.parent / "results"
PACKAGE = Path(__file__).resolve().parent.parent / "iotbench"


@pytest.fixture
def full_run() -> ResultsFile:
    """The committed reference run (the oldest, when a checkout has run the main job since):
    every item of the benchmark."""
    path = sorted(RESULTS.glob("reference-2*.json"))[0]  # a checkout's own runs come later
    data: ResultsFile = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["items"]) > 150
    return data


def summary(results: ResultsFile, details: bool) -> list[str]:
    lines: list[str] = []
    write_summary(
        lines.append, results, Path("out/run.json"), Path("out/LEADERBOARD.md"), [], details
    )
    return lines


def test_a_full_run_fits_in_a_screen(full_run: ResultsFile) -> None:
    lines = summary(full_run, details=False)
    assert len(lines) <= 30, lines
    assert lines[0].split() == ["split", "items", "score", "[95%", "CI]", "metrics", "statuses"]
    spec = next(line for line in lines if line.startswith("spec "))
    part = full_run["splits"]["spec"]
    assert f" {part['items']} " in spec and f"{part['score']:.3f}" in spec
    assert any(line.startswith("| ") and full_run["model"] in line for line in lines)
    assert "results: out/run.json" in lines and "leaderboard: out/LEADERBOARD.md" in lines


def test_details_add_one_line_per_item(full_run: ResultsFile) -> None:
    lines = summary(full_run, details=True)
    short = summary(full_run, details=False)
    assert len(lines) >= len(short) + len(full_run["items"])
    first = full_run["items"][0]
    assert lines[0].startswith(f"{first['id']} v{first['version']} (n=")


def test_headline_line_matches_the_file(full_run: ResultsFile) -> None:
    head = full_run["headline"]
    low, high = head["ci95"]
    assert split_lines(full_run)[-1] == (
        f"headline (splits weighted equally): {head['score']:.3f} [{low:.3f}, {high:.3f}]"
    )


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("iotbench", str(PACKAGE)),
        ("iotbench/test_iotbench.py::test_item", f"{PACKAGE}/test_iotbench.py::test_item"),
        ("iotbench::test_item", f"{PACKAGE}::test_item"),
        ("tests", "tests"),
        ("iotbenchmark", "iotbenchmark"),
    ],
)
def test_iotbench_argument_means_the_installed_package(
    tmp_path: Path, arg: str, expected: str
) -> None:
    assert installed_benchmark(arg, tmp_path) == expected


def test_an_existing_iotbench_folder_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "iotbench").mkdir()
    assert installed_benchmark("iotbench", tmp_path) == "iotbench"
