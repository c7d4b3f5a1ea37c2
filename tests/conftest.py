"""Shared fixtures for the test suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import iotbench

BENCH_DIR = str(Path(iotbench.__file__).parent)
HD_ITEM = "hd_synthetic_ecg"


@pytest.fixture
def hd_only(pytester: pytest.Pytester) -> list[str]:
    """Arguments that run `pytest iotbench` on a copy of the heartbeat item only.

    The benchmark keeps growing; tests about the plugin should not depend on its other items.
    """
    folder = pytester.path / "items" / HD_ITEM
    shutil.copytree(Path(BENCH_DIR) / "items" / HD_ITEM, folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return [BENCH_DIR, "--items-dir", str(folder.parent)]
