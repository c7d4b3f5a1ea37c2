"""leaderboard.html: shared ranks, grouping, escaping, and a real render in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.leaderboard import HTML_FILE, LEADERBOARD_FILE
from harness.leaderboard.html import render_html, shared_ranks
from harness.results import build_results, write_results

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(
    run_id: str, model: str, items: list[dict[str, Any]], ci: tuple[float, float] | None = None
) -> dict[str, Any]:
    doc = build_results(
        run_id=run_id,
        created_at=f"2026-01-0{len(run_id)}T00:00:00+00:00",
        model=model,
        model_name=model,
        generation={},
        environment={},
        items=items,
        complete=True,
        benchmark_version="0",
    )
    if ci is not None:
        doc["headline"]["ci95"] = list(ci)
    return doc


def item(item_id: str, domain: str, pass1: float, kind: str = "codegen") -> dict[str, Any]:
    return {
        "id": item_id,
        "version": 1,
        "kind": kind,
        "domain": domain,
        "content_hash": "h",
        "n": 5,
        "metrics": {"pass@1": pass1},
        "samples": [],
    }


def test_shared_ranks_follow_interval_overlap() -> None:
    runs = [
        run("a", "a", [item("x", "ecg", 0.9)], (0.80, 0.95)),
        run("b", "b", [item("x", "ecg", 0.8)], (0.70, 0.85)),  # overlaps a: shares rank 1
        run("c", "c", [item("x", "ecg", 0.3)], (0.20, 0.40)),
    ]  # below both: rank 3
    assert shared_ranks(runs) == [1, 1, 3]


def test_ranks_without_intervals_are_strict_by_value() -> None:
    runs = [
        run("a", "a", [item("x", "ecg", 0.9)]),
        run("b", "b", [item("x", "ecg", 0.5)]),
        run("c", "c", [item("x", "ecg", 0.5)]),
    ]
    assert shared_ranks(runs) == [1, 2, 2]


def test_versions_never_share_a_table_and_names_are_escaped() -> None:
    v1 = run("a", "<script>x</script>", [item("x", "ecg", 0.5)])
    v2 = run("bb", "m2", [dict(item("x", "ecg", 0.7), version=2)])
    page = render_html([v1, v2])
    assert page.count("<h2>Headline") == 2 and page.count("<h2>Split <code>spec</code>") == 2
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert "x v1" in page and "x v2" in page


def test_domain_breakdown_averages_item_scores() -> None:
    items = [item("x", "ecg", 0.5), item("y", "ecg", 1.0), item("z", "imu", 0.25)]
    page = render_html([run("a", "m", items)])
    assert "<th>ecg</th><th>imu</th>" in page
    assert "<td>0.750</td><td>0.250</td>" in page


def test_similarity_is_labelled_as_not_correctness() -> None:
    scored = dict(item("x", "ecg", 0.0), metrics={"pass@1": 0.0, "embedding_similarity": 0.9})
    page = render_html([run("a", "m", [scored])])
    assert "Similarity to the reference (not correctness)" in page
    assert "<td>0.900</td>" in page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_cli_renders_both_files_and_chromium_displays_the_page(tmp_path: Path) -> None:
    results = tmp_path / "results"
    write_results(results, run("a", "reference", [item("hd", "ecg", 1.0)], (0.9, 1.0)))
    write_results(results, run("bb", "generic", [item("hd", "ecg", 0.1)], (0.0, 0.3)))
    cli = subprocess.run(
        [sys.executable, "-m", "iotbench.cli", "leaderboard", str(results)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    assert (results / LEADERBOARD_FILE).is_file()
    page = results / HTML_FILE
    shot = tmp_path / "shot.png"
    flags = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "IoTBench leaderboard" in dom.stdout and "reference" in dom.stdout
    assert 'src="data:image/png;base64,' in dom.stdout
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1200, 900)
        colours = image.convert("L").getextrema()
    assert colours[1] - colours[0] > 100  # not a blank page: text and bars are drawn
