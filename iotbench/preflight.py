"""Checks of every file a run will read or write, before any work: each failure is one line.

`run_items` and `check_submission` run when pytest starts (the items, a samples file or a
`replay:` file); `check_outputs` runs once the benchmark items are collected, before anything is
generated: the results directory must be a writable directory, and the generation cache (its
directory and, if it exists, its file) usable. None of them changes a file.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import Protocol

import pytest

from harness.adapters import ADAPTERS
from harness.cache import CacheError, GenerationCache
from harness.results import slug
from harness.samples import SamplesError, read_samples
from iotbench.catalog import load_items
from iotbench.item import Item, ItemError
from iotbench.session import RunOptions


class OptionSource(Protocol):
    """What the checks read options from: a pytest.Config, or a stand-in in tests."""

    def getoption(self, name: str) -> object: ...


def run_items(config: OptionSource) -> tuple[Item, ...]:
    """The run's items (--items-dir or the built-in set); a bad or empty folder: usage error."""
    root = config.getoption("items_dir")
    try:
        if root is None:
            return load_items()
        path = Path(str(root))
        if not path.is_dir():
            raise ItemError(f"--items-dir {root}: not a directory")
        items = load_items(path.resolve())
    except ItemError as exc:
        raise pytest.UsageError(str(exc)) from None
    if not items:
        raise pytest.UsageError(
            f"--items-dir {root}: no items (expected folders DIR/ITEM/item.yaml)"
        )
    return items


def check_submission(config: OptionSource, path: Path, option: str = "--samples") -> None:
    """Every sample must name a current item at its current version; else one usage error."""
    items = {item.id: item for item in run_items(config)}
    try:
        samples = read_samples(path)
    except SamplesError as exc:
        raise pytest.UsageError(f"{option}: {exc}") from None
    for sample in samples:
        item = items.get(sample.item_id)
        if item is None:
            close = difflib.get_close_matches(sample.item_id, list(items), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise pytest.UsageError(
                f"{option}: {path}: item {sample.item_id!r} is not an "
                f"IoTBench item{hint} (see `iotbench tasks`)"
            )
        if sample.item_version is not None and sample.item_version != item.version:
            raise pytest.UsageError(
                f"{option}: {path}: samples for {item.id} v{sample.item_version}, but the "
                f"benchmark has v{item.version}: regenerate them for the current prompt"
            )


def _writable_dir(path: Path, option: str) -> None:
    """`path` is (or can become) a directory this process can write in; checked, not created."""
    if path.exists():
        if not path.is_dir():
            raise pytest.UsageError(f"{option} {path}: exists and is not a directory")
        problem = _write_problem(path)
        if problem:
            raise pytest.UsageError(f"{option} {path}: not writable ({problem})")
        return
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise pytest.UsageError(f"{option} {path}: {parent} is not a directory")
    problem = _write_problem(parent)  # a probe, not os.access: root passes access() everywhere
    if problem:
        raise pytest.UsageError(
            f"{option} {path}: cannot be created, {parent} is not writable ({problem})"
        )


def _write_problem(directory: Path) -> str:
    """Why no file can be created in `directory` ("" if one can); the probe file is removed."""
    try:
        handle, probe = tempfile.mkstemp(dir=directory, prefix=".iotbench-write-check-")
    except OSError as exc:
        return str(exc.strerror)
    os.close(handle)
    os.unlink(probe)
    return ""


def check_outputs(options: RunOptions, cache_option: str) -> None:
    """The results directory and the generation cache are usable; else one usage error."""
    _writable_dir(options.results_dir, "--results-dir")
    if options.cache_dir is None or options.samples is not None:
        return
    factory = ADAPTERS.get(options.model.partition(":")[0])
    if not getattr(factory, "cacheable", True):
        return
    _writable_dir(options.cache_dir, cache_option)
    try:
        GenerationCache.check(options.cache_dir / f"{slug(options.spec)}.jsonl")
    except CacheError as exc:
        raise pytest.UsageError(f"{cache_option}: {exc}") from None
