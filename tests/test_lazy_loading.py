"""A run loads only what its items need: no embedder, linter or analysis process for items that
score nothing by embedding or static analysis (issue 18)."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.needs_bwrap]

# Written by the run itself once it has scored its items: what its main process holds.
PROBE = """
import json
import sys


def pytest_unconfigure(config):
    from harness.metrics import analysis, embedding

    loaded = {
        "embedders": embedding.loaded_embedders(),
        "analyses": analysis.running_analyses(),
        "modules": sorted(
            m for m in ("torch", "sentence_transformers", "pylint", "transformers")
            if m in sys.modules
        ),
    }
    with open("loaded.json", "w", encoding="utf-8") as handle:
        json.dump(loaded, handle)
"""


def test_application_run_loads_no_embedder_or_linter(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    pytester.makepyfile(loading_probe=PROBE)  # a plugin module, found in the run's folder
    result = pytester.runpytest_subprocess(
        *hd_only, "--results-dir", str(pytester.path / "out"), "-p", "loading_probe"
    )
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert list((pytester.path / "out").glob("*.json")), "the run wrote no results file"
    loaded = json.loads((pytester.path / "loaded.json").read_text(encoding="utf-8"))
    assert loaded == {"embedders": [], "analyses": [], "modules": []}
