"""Tests for harness.samples: reading, validating and writing samples files."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.samples import Sample, SamplesError, read_samples, write_samples

VALID = '{"item_id": "a", "sample_idx": 0, "completion": "x = 1"}'


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_read_valid_file(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl",
        VALID,
        '{"item_id": "a", "sample_idx": 1, "completion": "y", "item_version": 2, "model": "m"}',
        '{"item_id": "b", "sample_idx": 0, "completion": "", "extra": [1, 2]}',
    )
    assert read_samples(path) == [
        Sample("a", 0, "x = 1"),
        Sample("a", 1, "y", item_version=2, model="m"),
        Sample("b", 0, ""),
    ]


def test_read_accepts_str_path(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", VALID)
    assert read_samples(str(path)) == [Sample("a", 0, "x = 1")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"item_id": "a", "sample_idx": 1,', "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        ('"just a string"', "expected a JSON object, got str"),
        ('{"item_id": "a", "sample_idx": 1}', "missing field 'completion'"),
        ('{"sample_idx": 1, "completion": ""}', "missing field 'item_id'"),
        (
            '{"item_id": "a", "sample_idx": "1", "completion": ""}',
            "field 'sample_idx' must be int, got str",
        ),
        (
            '{"item_id": "a", "sample_idx": true, "completion": ""}',
            "field 'sample_idx' must be int, got bool",
        ),
        (
            '{"item_id": "a", "sample_idx": 1.0, "completion": ""}',
            "field 'sample_idx' must be int, got float",
        ),
        (
            '{"item_id": "a", "sample_idx": -1, "completion": ""}',
            "field 'sample_idx' must be >= 0, got -1",
        ),
        (
            '{"item_id": 7, "sample_idx": 1, "completion": ""}',
            "field 'item_id' must be str, got int",
        ),
        (
            '{"item_id": "a", "sample_idx": 1, "completion": null}',
            "field 'completion' must be str, got NoneType",
        ),
        (
            '{"item_id": "a", "sample_idx": 1, "completion": "", "item_version": false}',
            "field 'item_version' must be int, got bool",
        ),
        (
            '{"item_id": "a", "sample_idx": 1, "completion": "", "model": 3}',
            "field 'model' must be str, got int",
        ),
    ],
    ids=[
        "invalid-json",
        "list",
        "string",
        "no-completion",
        "no-item-id",
        "idx-str",
        "idx-bool",
        "idx-float",
        "idx-negative",
        "item-id-int",
        "completion-null",
        "version-bool",
        "model-int",
    ],
)
def test_broken_line_is_reported_with_file_and_line(
    tmp_path: Path, line: str, expected: str
) -> None:
    # Line 2 is blank: line numbers are physical lines, so the broken one is line 3.
    path = write_lines(tmp_path / "s.jsonl", VALID, "", line)
    with pytest.raises(SamplesError) as info:
        read_samples(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ")
    assert expected in message


def test_duplicate_sample_names_first_line(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl",
        VALID,
        '{"item_id": "b", "sample_idx": 0, "completion": ""}',
        '{"item_id": "a", "sample_idx": 0, "completion": "other"}',
    )
    with pytest.raises(SamplesError) as info:
        read_samples(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ")
    assert "duplicate sample 'a' #0" in message
    assert "(first on line 1)" in message


def test_same_index_for_different_items_is_fine(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl", VALID, '{"item_id": "b", "sample_idx": 0, "completion": ""}'
    )
    assert [s.item_id for s in read_samples(path)] == ["a", "b"]


@pytest.mark.parametrize("content", ["", "\n\n", "  \n\t\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(content)
    with pytest.raises(SamplesError) as info:
        read_samples(path)
    assert str(info.value) == f"{path}: no samples in file"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.jsonl"
    with pytest.raises(SamplesError) as info:
        read_samples(path)
    assert str(info.value).startswith(f"{path}: cannot read samples file")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(SamplesError, match="cannot read samples file"):
        read_samples(tmp_path)


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl",
        "",
        VALID,
        "   ",
        "",
        '{"item_id": "a", "sample_idx": 1, "completion": ""}',
        "\t",
    )
    assert [s.sample_idx for s in read_samples(path)] == [0, 1]


def test_invalid_utf8_is_a_samples_error(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    broken = b'{"item_id": "a", "sample_idx": 1, "completion": "\xff"}'
    path.write_bytes(VALID.encode() + b"\n" + broken + b"\n")
    with pytest.raises(SamplesError, match="^" + re.escape(f"{path}:2: ")):
        read_samples(path)


ROUND_TRIP = [
    Sample("a", 0, "def f():\n    return 'é中文🙂'\n"),
    Sample("a", 1, "line1\r\nline2\rline3\u2028line4\x85line5\x00end", item_version=3),
    Sample("ü-item", 0, '"quoted" \\ backslash\ttab', model="gpiot/ä"),
    Sample("b", 7, ""),
]


def test_write_read_round_trip(tmp_path: Path) -> None:
    path = write_samples(tmp_path / "sub" / "s.jsonl", ROUND_TRIP)
    assert path == tmp_path / "sub" / "s.jsonl"
    assert read_samples(path) == ROUND_TRIP
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # one JSON document per line, newline-terminated
    assert len(lines) == len(ROUND_TRIP) + 1
    assert "中文" in lines[0]  # written as UTF-8, not \\u escapes
    assert json.loads(lines[3]) == {"item_id": "b", "sample_idx": 7, "completion": ""}
    assert sorted(p.name for p in path.parent.iterdir()) == ["s.jsonl"]  # no temp file left


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=200)), min_size=1, max_size=5))
def test_write_read_round_trip_any_text(records: list[tuple[str, str]]) -> None:
    samples = [Sample(item_id, idx, text) for idx, (item_id, text) in enumerate(records)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_samples(Path(tmp) / "s.jsonl", samples)
        assert read_samples(path) == samples


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text("precious\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        write_samples(path, [Sample("a", 0, "x")])
    assert path.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.jsonl"]
