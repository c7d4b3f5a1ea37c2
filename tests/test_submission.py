"""`iotbench submit` / `iotbench verify`: bundles that re-score to the same numbers; refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import iotbench
from harness.leaderboard import update_leaderboard
from harness.leaderboard.runs import VERIFIED_MARK, load_runs
from iotbench.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.needs_bwrap]

ITEM = "cg_audio_chirp_ranging"
ITEMS = Path(iotbench.__file__).parent / "items"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(items dir, bundle): one spec item, two samples (the reference and a wrong answer)."""
    root = tmp_path_factory.mktemp("submission")
    items = root / "items"
    shutil.copytree(ITEMS / ITEM, items / ITEM, ignore=shutil.ignore_patterns("__pycache__"))
    reference = (items / ITEM / "reference.py").read_text(encoding="utf-8")
    samples = root / "mine.jsonl"
    lines = [
        {"item_id": ITEM, "sample_idx": 0, "completion": f"```python\n{reference}```"},
        {"item_id": ITEM, "sample_idx": 1, "completion": "def nothing():\n    return None\n"},
    ]
    samples.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    bundle = root / "bundle"
    code = main(["submit", str(samples), "--model-name", "My Model", "--meta", "org=lab",
                 "--out", str(bundle), "--items-dir", str(items)])  # fmt: skip
    assert code == 0
    return items, bundle


def test_submit_writes_a_bundle(made: tuple[Path, Path]) -> None:
    _, bundle = made
    manifest = json.loads((bundle / "submission.json").read_text(encoding="utf-8"))
    results = json.loads((bundle / "results.json").read_text(encoding="utf-8"))
    assert manifest["model_name"] == results["model_name"] == "My Model"
    assert manifest["meta"] == {"org": "lab"} and manifest["data_seed"] == results["data_seed"]
    assert manifest["items"][ITEM]["content_hash"] == results["items"][0]["content_hash"]
    statuses = [s["status"] for s in results["items"][0]["samples"]]
    assert statuses[0] == "pass" and statuses[1] != "pass"


def test_verify_accepts_the_bundle_and_installs_it_marked(
    made: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items, bundle = made
    board = tmp_path / "results"
    assert main(["verify", str(bundle), "--items-dir", str(items), "--install", str(board)]) == 0
    assert "numbers identical" in capsys.readouterr().out
    update_leaderboard(board)
    assert f"My Model {VERIFIED_MARK}" in (board / "LEADERBOARD.md").read_text(encoding="utf-8")
    (installed,) = board.glob("*.json")
    installed.write_text(installed.read_text(encoding="utf-8") + " ", encoding="utf-8")
    (run,) = load_runs(board)
    assert run["_verified"] is False  # edited after verification: no longer marked


def test_verify_refuses_a_tampered_number(
    made: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items, bundle = made
    tampered = tmp_path / "bundle"
    shutil.copytree(bundle, tampered)
    results = json.loads((tampered / "results.json").read_text(encoding="utf-8"))
    results["items"][0]["metrics"]["tests_passed"] += 0.25
    (tampered / "results.json").write_text(json.dumps(results), encoding="utf-8")
    assert main(["verify", str(tampered), "--items-dir", str(items)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "refused" in line and "items[0].metrics.tests_passed" in line


def test_verify_refuses_a_bundle_for_other_item_contents(
    made: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items, bundle = made
    changed = tmp_path / "items"
    shutil.copytree(items, changed)
    prompt = changed / ITEM / "prompt.md"
    prompt.write_text(prompt.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert main(["verify", str(bundle), "--items-dir", str(changed)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert f"item {ITEM} was scored at v1 with other contents" in line


def test_verify_refuses_what_is_not_a_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(tmp_path)]) == 1
    assert "missing samples.jsonl" in capsys.readouterr().err
