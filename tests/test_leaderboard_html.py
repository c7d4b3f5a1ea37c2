"""leaderboard.html: shared ranks, grouping, escaping, and a real render in headless Chromium."""

from __future__ import annotations

import html
import json
import re
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


def chromium_dom(page: Path, fragment: str, profile: Path) -> str:
    """The DOM after the page's script ran, with `fragment` as the URL's hash."""
    flags = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=5000"]  # fmt: skip
    done = subprocess.run(
        [*flags, "--dump-dom", f"{page.as_uri()}#{fragment}"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_committed_results_page_sorts_shows_the_matrix_and_a_completion(tmp_path: Path) -> None:
    """The committed runs, rendered as `iotbench leaderboard` does: a column of the models x
    items matrix sorted, an item opened, and a model's completion read back from the DOM."""
    committed = Path(__file__).resolve().parent.parent / "results"
    results = tmp_path / "results"
    shutil.copytree(committed, results, ignore=shutil.ignore_patterns(".*", "*.html", "*.md"))
    retrieval = sorted(results.glob("retrieval-*.json"))[0]
    samples = retrieval.with_name(retrieval.stem + ".samples.jsonl").read_text(encoding="utf-8")
    first = json.loads(samples.splitlines()[0])
    cli = subprocess.run(
        [sys.executable, "-m", "iotbench.cli", "leaderboard", str(results)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    dom = chromium_dom(
        results / HTML_FILE, f"sort=matrix:3:desc&item={first['item_id']}", tmp_path / "p"
    )
    matrix = dom[dom.index('<table id="matrix"') :]
    assert matrix.startswith('<table id="matrix" class="sortable" data-sorted="3:desc">')
    body = matrix[matrix.index("<tbody>") : matrix.index("</tbody>")]
    rows = body.split("<tr>")[1:]  # column 3 is the first model's, the first with data-v
    column = [float(re.findall(r'data-v="([^"]*)"', row)[0] or -1) for row in rows]
    assert len(column) > 150 and column == sorted(column, reverse=True)
    panel = dom[dom.index('id="item-panel"') :]
    assert panel.startswith(f'id="item-panel"><h3>{first["item_id"]}</h3>')
    shown = [html.unescape(text) for text in re.findall(r'<pre class="completion">(.*?)</pre>',
                                                        panel, re.S)]  # fmt: skip
    assert first["completion"][:2000] in [text[:2000] for text in shown]
    assert '<h4>reference</h4><p class="ci">completions not shown' in panel


def test_a_hostile_completion_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    """Completions are embedded as JSON with every `<` escaped: no text can end the script
    element or inject markup, and the panel fills elements with textContent only."""
    evil = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>"
    record = item("x", "ecg", 0.0)
    record["samples"] = [{"sample_idx": 0, "status": "fail", "reason": evil, "metrics": {}}]
    doc = run("m-1", "mine", [record])
    doc["generation"] = {"samples_file": "m-1.samples.jsonl"}
    write_results(tmp_path, doc)  # type: ignore[arg-type]
    line = {"item_id": "x", "sample_idx": 0, "completion": evil}
    (tmp_path / "m-1.samples.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    from harness.leaderboard.runs import load_runs

    page = render_html(load_runs(tmp_path), tmp_path, {"x": "a prompt <b>"})
    blob = page[page.index("id='iotbench-data'>") : page.index("</script>")]
    assert "<" not in blob.split(">", 1)[1]  # the blob holds no raw "<" at all
    assert page.count("</script>") == 2  # the blob's and the script's own closing tags
    data = json.loads(blob.split(">", 1)[1])
    assert data["runs"][0]["samples"]["x"][0]["completion"] == evil
    assert data["items"]["x"]["prompt"] == "a prompt <b>"
    assert "innerHTML" not in page
