"""The leaderboard: LEADERBOARD.md and leaderboard.html, re-rendered from a results directory.

`runs` reads the results files and groups them into tables, `markdown` and `html` render the two
pages; `update_leaderboard` builds both before it replaces either file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from harness.leaderboard.html import render_html
from harness.leaderboard.markdown import render_markdown
from harness.leaderboard.runs import load_runs
from harness.results import ResultsError

LEADERBOARD_FILE = "LEADERBOARD.md"
HTML_FILE = "leaderboard.html"


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def update_leaderboard(results_dir: Path, prompts: Mapping[str, str] | None = None) -> Path:
    """Re-render `LEADERBOARD.md` and `leaderboard.html` in `results_dir`; returns the .md path.
    `prompts` (item id -> prompt) lets the page's item panel show each item's prompt."""
    runs = load_runs(results_dir)
    if not runs:
        raise ResultsError(f"{results_dir}: no results files (*.json) to build a leaderboard from")
    # both built before either file is replaced
    markdown, html = render_markdown(runs), render_html(runs, results_dir, prompts)
    path = results_dir / LEADERBOARD_FILE
    _replace(path, markdown)
    _replace(results_dir / HTML_FILE, html)
    return path
