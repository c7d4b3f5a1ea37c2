"""`iotbench export --format hf`: public splits without hidden text, counts, faithful rebuild."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iotbench.catalog import ITEMS_DIR, load_items
from iotbench.cli import main
from iotbench.export import MANIFEST, PRIVATE, PUBLIC_FILES
from iotbench.item import KINDS, ItemError

datasets = pytest.importorskip("datasets")


@pytest.fixture(scope="module")
def full_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole built-in item set, exported once for this module."""
    out = tmp_path_factory.mktemp("export") / "iotbench-hf"
    assert main(["export", "--format", "hf", str(out)]) == 0
    return out


def strings(value: Any) -> Iterator[str]:
    """Every string inside a row (nested lists and dicts included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner)


def test_counts_per_split_match_the_item_set(full_export: Path) -> None:
    expected = Counter(item.kind for item in load_items())
    public = datasets.load_from_disk(str(full_export))
    private = datasets.load_from_disk(str(full_export / PRIVATE))
    assert set(public) == set(private) == set(KINDS)
    for kind in KINDS:
        assert public[kind].num_rows == private[kind].num_rows == expected[kind] > 0
        assert public[kind]["kind"] == [kind] * expected[kind]
    manifest = json.loads((full_export / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["splits"] == dict(expected)
    assert manifest["items"] == {item.id: item.content_hash for item in load_items()}


def test_public_splits_hold_no_hidden_tests_or_references(full_export: Path) -> None:
    public = datasets.load_from_disk(str(full_export))
    cells = [text for kind in KINDS for row in public[kind].to_list() for text in strings(row)]
    public_lines = {line.strip() for cell in cells for line in cell.splitlines()}
    # Lines a source public file holds are public anyway (e.g. a common import or test idiom).
    shown = {
        line.strip()
        for item in load_items()
        for name in PUBLIC_FILES
        if (item.path / name).is_file()
        for line in item.read(name).splitlines()
    }
    checked = 0
    for item in load_items():
        for secret in ("hidden_tests.py", "reference.py", "reference.md"):
            if not (item.path / secret).is_file():
                continue
            text = item.read(secret)
            assert not any(text.strip() in cell for cell in cells), f"{item.id}/{secret}"
            distinctive = {
                line.strip() for line in text.splitlines() if len(line.strip()) >= 40
            } - shown
            assert not distinctive & public_lines, f"{item.id}/{secret}"
            checked += 1
    assert checked >= 100  # every codegen item has two, every other item one
    private = datasets.load_from_disk(str(full_export / PRIVATE))
    row = next(r for r in private["codegen"].to_list() if r["id"] == "cg_ecg_bandpass")
    assert row["hidden_tests"] == (ITEMS_DIR / "cg_ecg_bandpass" / "hidden_tests.py").read_text(
        encoding="utf-8"
    )
    assert {f["path"] for f in row["files"]} >= {"hidden_tests.py", "reference.py"}


def test_loading_the_export_rebuilds_identical_items(full_export: Path) -> None:
    source, rebuilt = load_items(), load_items(full_export)
    assert [i.id for i in rebuilt] == [i.id for i in source]
    for before, after in zip(source, rebuilt, strict=True):
        assert after.path != before.path
        assert (
            after.content_hash,
            after.version,
            after.prompt,
            after.system,
            after.config,
            after.entry_point,
            after.solutions,
        ) == (
            before.content_hash,
            before.version,
            before.prompt,
            before.system,
            before.config,
            before.entry_point,
            before.solutions,
        )
    row = datasets.load_from_disk(str(full_export))["decomposition"].to_list()[0]
    assert json.loads(row["config"])["kind"] == "decomposition"
    assert row["entry_point"] is None and row["public_tests"] == ""


def copy_items(root: Path, *ids: str) -> Path:
    for item_id in ids:
        shutil.copytree(
            ITEMS_DIR / item_id, root / item_id, ignore=shutil.ignore_patterns("__pycache__")
        )
    return root


def test_binary_files_and_subfolders_survive_the_round_trip(tmp_path: Path) -> None:
    src = copy_items(tmp_path / "src", "td_radar_traffic_speed")
    data = bytes(range(256)) * 3
    (src / "td_radar_traffic_speed" / "data").mkdir()
    (src / "td_radar_traffic_speed" / "data" / "blob.bin").write_bytes(data)
    out = tmp_path / "out"
    assert main(["export", "--items-dir", str(src), str(out)]) == 0
    (item,) = load_items(out)
    assert item.content_hash == load_items(src)[0].content_hash
    assert (item.path / "data" / "blob.bin").read_bytes() == data
    (row,) = datasets.load_from_disk(str(out / PRIVATE))["decomposition"].to_list()
    assert {"path": "data/blob.bin", "encoding": "base64"}.items() <= next(
        f for f in row["files"] if f["path"] == "data/blob.bin"
    ).items()


@pytest.mark.parametrize("occupied", ["file_inside", "is_a_file"])
def test_refuses_a_non_empty_directory(
    tmp_path: Path, occupied: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_items(tmp_path / "src", "td_radar_traffic_speed")
    target = tmp_path / "out"
    if occupied == "file_inside":
        target.mkdir()
        (target / "notes.txt").write_text("keep me", encoding="utf-8")
    else:
        target.write_text("keep me", encoding="utf-8")
    assert main(["export", "--format", "hf", "--items-dir", str(src), str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(target) in err
    assert ("not empty" if occupied == "file_inside" else "not a directory") in err
    kept = target / "notes.txt" if occupied == "file_inside" else target
    assert kept.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]  # no staging left


def test_unknown_format_and_empty_selection_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "parquet", str(tmp_path / "a")]) == 2
    assert "unknown export format 'parquet'" in capsys.readouterr().err
    assert main(["export", "-k", "no_such_item", str(tmp_path / "b")]) == 2
    assert "no items match" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_damaged_or_incomplete_exports_are_refused(tmp_path: Path) -> None:
    src = copy_items(tmp_path / "src", "td_radar_traffic_speed")
    out = tmp_path / "out"
    assert main(["export", "--items-dir", str(src), str(out)]) == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["items"]["td_radar_traffic_speed"] = "0" * 64
    damaged = tmp_path / "damaged"
    shutil.copytree(out, damaged)
    (damaged / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ItemError, match=r"td_radar_traffic_speed.*content hash"):
        load_items(damaged)
    public_only = tmp_path / "public_only"
    shutil.copytree(out, public_only, ignore=shutil.ignore_patterns(PRIVATE))
    with pytest.raises(ItemError, match="private part"):
        load_items(public_only)


@pytest.mark.slow
@pytest.mark.needs_bwrap
def test_running_from_the_export_gives_the_same_results(pytester: pytest.Pytester) -> None:
    import iotbench

    bench = str(Path(iotbench.__file__).parent)
    src = copy_items(pytester.path / "items", "cg_ecg_bandpass", "td_radar_traffic_speed")
    assert main(["export", "--items-dir", str(src), str(pytester.path / "export")]) == 0
    # Both sessions at once: each spends most of its time loading the embedding model.
    runs = {
        name: pytester.popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                bench,
                "--items-dir",
                str(pytester.path / name),
                "--model",
                "reference",
                "--results-dir",
                f"out_{name}",
                "--no-cache",
            ],
            stdin=subprocess.DEVNULL,
        )
        for name in ("items", "export")
    }
    for process in runs.values():
        out, err = process.communicate(timeout=600)
        result = pytest.RunResult(
            process.returncode, out.decode().splitlines(), err.decode().splitlines(), 0.0
        )
        result.assert_outcomes(passed=2)
    results = {}
    for name in ("items", "export"):
        (path,) = (pytester.path / f"out_{name}").glob("*.json")
        results[name] = {item["id"]: item for item in json.loads(path.read_text())["items"]}
    assert sorted(results["items"]) == ["cg_ecg_bandpass", "td_radar_traffic_speed"]
    hashes = {item.id: item.content_hash for item in load_items(src)}
    for item_id, direct in results["items"].items():
        exported = results["export"][item_id]
        assert direct["content_hash"] == exported["content_hash"] == hashes[item_id]
        assert direct["version"] == exported["version"]
        assert direct["metrics"] == exported["metrics"]
        assert direct["status_counts"] == exported["status_counts"]
    assert results["items"]["cg_ecg_bandpass"]["metrics"]["pass@1"] == 1.0
