"""`iotbench validate`: references must pass, weak hidden tests show up as surviving mutants."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iotbench.validate import ItemValidation, errata_ids, summary

pytestmark = pytest.mark.needs_bwrap

REFERENCE = '''
def clip_unit(x: float) -> float:
    """Clamp x to [0, 1]."""
    if x < 0:
        return 0.0
    if x > 1:
        return 1.0
    return x
'''
STRONG = """
from candidate import clip_unit

def test_inside():
    assert clip_unit(0.5) == 0.5

def test_edges():
    assert clip_unit(0) == 0.0 and clip_unit(1) == 1.0

def test_below_and_above():
    assert clip_unit(-3) == 0.0 and clip_unit(7) == 1.0
    assert clip_unit(-0.5) == 0.0 and clip_unit(1.5) == 1.0
"""
WEAK = """
from candidate import clip_unit

def test_inside():
    assert clip_unit(0.5) == 0.5
"""


def make_item(root: Path, item_id: str, tests: str, reference: str = REFERENCE) -> None:
    folder = root / item_id
    folder.mkdir(parents=True)
    (folder / "item.yaml").write_text(
        f"id: {item_id}\nkind: codegen\ndomain: edge\nversion: 1\ndifficulty: easy\n"
        f"title: Clamp\nscorer: codegen\nentry_point: clip_unit\n"
        "limits: {wall_seconds: 20}\n",
        encoding="utf-8",
    )
    (folder / "prompt.md").write_text("**Target**\nClamp a number to [0, 1].\n", encoding="utf-8")
    (folder / "reference.py").write_text(reference, encoding="utf-8")
    (folder / "hidden_tests.py").write_text(tests, encoding="utf-8")


@pytest.mark.slow
def test_validate_reports_scores_and_fails_on_weak_or_broken_items(tmp_path: Path) -> None:
    make_item(tmp_path, "cg_edge_strong", STRONG)
    make_item(tmp_path, "cg_edge_weak", WEAK)
    make_item(tmp_path, "cg_edge_broken", STRONG, REFERENCE.replace("return 0.0", "return -1.0"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "iotbench.cli",
            "validate",
            "--items-dir",
            str(tmp_path),
            "--max-mutants",
            "12",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 1, run.stdout + run.stderr
    # The strong suite checks both boundaries and both clamps; only two of its 11 mutants survive
    # and both are equivalent: `x < 0` -> `x <= 0` differs only at x = 0, where both return 0
    # (likewise `x > 1` -> `x >= 1` at 1). 9/11 = 0.82.
    strong = next(line for line in lines if "cg_edge_strong" in line)
    assert strong == (
        "ok   cg_edge_strong: mutation score 0.82 (9/11); survivors: "
        "line 4: Lt -> LtE; line 6: Gt -> GtE"
    )
    # The weak suite only tries 0.5: mutants of the clamping branches survive.
    weak = next(line for line in lines if "cg_edge_weak" in line)
    assert weak.startswith("LOW  cg_edge_weak") and "survivors:" in weak
    assert any(line.startswith("FAIL cg_edge_broken: reference: fail") for line in lines)
    assert "references passing: 2/3" in lines


def test_summary_exempts_errata_items_and_checks_the_overall_target() -> None:
    results = [
        ItemValidation("cg_a", True, mutants=10, caught=10),
        ItemValidation("cg_b", True, mutants=10, caught=5, survivors=["line 3: Lt -> LtE"]),
    ]
    lines, ok = summary(results, exempt=set())
    assert not ok and "overall mutation score: 0.750 (15/20" in lines[-1]
    relaxed = [results[0], ItemValidation("cg_b", True, mutants=1, caught=0)]
    _, ok_with_errata = summary(relaxed, exempt={"cg_b"})
    assert ok_with_errata  # 10/11 = 0.909 overall, and cg_b is listed in ERRATA.md


def test_errata_ids_are_read_from_backticks(tmp_path: Path) -> None:
    errata = tmp_path / "ERRATA.md"
    errata.write_text(
        "# Errata\n\n- `cg_radar_cfar`: the guard-cell count is ambiguous.\n"
        "- td_x is not in backticks and not an id\n",
        encoding="utf-8",
    )
    assert errata_ids(errata) == {"cg_radar_cfar"}


def test_recording_a_calibration_keeps_the_content_hash(tmp_path: Path) -> None:
    """The calibration block documents an item; the validation record and results stay valid."""
    import shutil

    from iotbench.item import load_item

    source = Path(__file__).resolve().parent.parent / "iotbench" / "items" / "hd_synthetic_ecg"
    folder = tmp_path / "hd_synthetic_ecg"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = load_item(folder).content_hash
    meta = folder / "item.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text + 'calibration:\n  answers: 1\n  passed: 0\n  note: "missed the PVCs"\n',
        encoding="utf-8",
    )
    calibrated = load_item(folder)
    assert calibrated.config["calibration"]["passed"] == 0
    assert calibrated.content_hash == before
    # any other change to item.yaml still changes it, also one after the calibration block
    meta.write_text(meta.read_text(encoding="utf-8") + "difficulty_note: x\n", encoding="utf-8")
    assert load_item(folder).content_hash != before
