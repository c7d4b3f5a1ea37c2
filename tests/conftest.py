"""Shared fixtures and markers for the test suite.

``@pytest.mark.needs_bwrap`` marks a test that needs the real bubblewrap sandbox: it is skipped
where bubblewrap cannot run, except in CI (environment variable ``CI`` set, as `.ci/run` does),
where a missing sandbox is an error, so half the suite cannot silently skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import iotbench
from harness.sandbox import bwrap_problem

BENCH_DIR = str(Path(iotbench.__file__).parent)
HD_ITEM = "hd_synthetic_ecg"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("needs_bwrap") is None:
        return
    problem = bwrap_problem()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the sandboxed tests, but {problem}", pytrace=False)
    pytest.skip(f"bubblewrap unusable: {problem}")


@pytest.fixture
def hd_only(pytester: pytest.Pytester) -> list[str]:
    """Arguments that run `pytest iotbench` on a copy of the heartbeat item only.

    The benchmark keeps growing; tests about the plugin should not depend on its other items.
    """
    folder = pytester.path / "items" / HD_ITEM
    shutil.copytree(
        Path(BENCH_DIR) / "items" / HD_ITEM, folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    return [BENCH_DIR, "--items-dir", str(folder.parent)]


@pytest.fixture
def hd_pair(pytester: pytest.Pytester) -> list[str]:
    """Arguments that run `pytest iotbench` on two copies of the heartbeat item (hd_a, hd_b)."""
    import yaml

    root = pytester.path / "items2"
    for item_id in ("hd_a", "hd_b"):
        folder = root / item_id
        shutil.copytree(
            Path(BENCH_DIR) / "items" / HD_ITEM,
            folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        meta = yaml.safe_load((folder / "item.yaml").read_text(encoding="utf-8"))
        meta["id"] = item_id
        (folder / "item.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return [BENCH_DIR, "--items-dir", str(root)]
