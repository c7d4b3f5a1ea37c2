"""Generation cache: append-only, partial lines cut, resume after SIGKILL matches a clean run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import iotbench
from harness.cache import CacheError, GenerationCache, cache_key
from harness.samples import read_samples

HD = Path(iotbench.__file__).parent / "items" / "hd_synthetic_ecg"


def test_key_ignores_nothing_that_matters() -> None:
    base = cache_key("a", 1, ["s", "p"], "hf:m", {"temperature": 0.8, "seed": 1})
    assert base == cache_key("a", 1, ["s", "p"], "hf:m", {"seed": 1, "temperature": 0.8})
    variants = [
        cache_key("b", 1, ["s", "p"], "hf:m", {"temperature": 0.8, "seed": 1}),
        cache_key("a", 2, ["s", "p"], "hf:m", {"temperature": 0.8, "seed": 1}),
        cache_key("a", 1, ["s", "q"], "hf:m", {"temperature": 0.8, "seed": 1}),
        cache_key("a", 1, ["s", "p"], "hf:n", {"temperature": 0.8, "seed": 1}),
        cache_key("a", 1, ["s", "p"], "hf:m", {"temperature": 0.7, "seed": 1}),
    ]
    assert len({base, *variants}) == 6


def test_store_lookup_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    cache = GenerationCache(path)
    assert cache.lookup("k", 2) is None and cache.missing("k", 2) == [0, 1]
    cache.store("k", "item", 1, "m", ["a", "b", "c"])
    cache.store("k", "item", 1, "m", ["X", "Y"])  # indices 0, 1 exist: kept, not duplicated
    assert cache.lookup("k", 2) == ["a", "b"]
    reopened = GenerationCache(path)
    assert reopened.lookup("k", 3) == ["a", "b", "c"] and reopened.lookup("k", 4) is None
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert [s.sample_idx for s in read_samples(path)] == [0, 1, 2]  # a valid samples file


def test_partial_last_line_is_cut_and_corrupt_middle_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    GenerationCache(path).store("k", "item", 1, "m", ["a", "b"])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"item_id": "item", "sample_idx": 2, "compl')  # killed mid-write
    cache = GenerationCache(path)
    assert cache.lookup("k", 2) == ["a", "b"] and cache.missing("k", 3) == [2]
    assert path.read_text(encoding="utf-8").endswith("}\n")
    path.write_text('{"no": "key"}\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CacheError, match=r"c\.jsonl:1: not a cache line"):
        GenerationCache(path)


def make_items(root: Path, ids: list[str]) -> Path:
    for item_id in ids:
        folder = root / item_id
        shutil.copytree(HD, folder, ignore=shutil.ignore_patterns("__pycache__"))
        meta = yaml.safe_load((folder / "item.yaml").read_text(encoding="utf-8"))
        meta["id"] = item_id
        (folder / "item.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return root


SLOW_ADAPTER = """
import os, time
from harness.adapters import ADAPTERS

class Slow:
    name = "slow"

    @classmethod
    def from_spec(cls, argument):
        return cls()

    def generate(self, requests):
        out = []
        for r in requests:
            with open(os.environ["CALLS_LOG"], "a") as log:
                log.write(r.item_id + "\\n")
            time.sleep(1.5)
            out.append([f"import numpy as np\\ndef detect_r_peaks(signal, fs):\\n"
                        f"    return np.arange(0, len(signal), int(fs * {0.5 + i / 10}))\\n"
                        for i in range(r.n)])
        return out

ADAPTERS.register("slow", Slow)
"""


def results_view(out: Path) -> dict[str, Any]:
    (path,) = out.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        item["id"]: ([s["status"] for s in item["samples"]], item["metrics"]["f1"])
        for item in data["items"]
    }


@pytest.mark.slow
@pytest.mark.needs_bwrap
def test_sigkill_then_rerun_resumes_without_loss_or_duplicates(pytester: pytest.Pytester) -> None:
    ids = ["hd_a", "hd_b", "hd_c"]
    items = make_items(pytester.path / "items", ids)
    pytester.makepyfile(slow_adapter=SLOW_ADAPTER)  # loaded with -p, before --model is checked
    log = pytester.path / "calls.log"
    cache_file = pytester.path / "cache" / "slow.jsonl"
    bench = str(Path(iotbench.__file__).parent)
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "slow_adapter",
        bench,
        "--model",
        "slow",
        "--n-samples",
        "3",
        "--items-dir",
        str(items),
        "--time-limit",
        "5",
        "--data-seed",  # the same hidden data in every run, so the results compare
        "7",
        "--cache-dir",
        str(cache_file.parent),
    ]
    env = {**os.environ, "CALLS_LOG": str(log), "PYTHONPATH": str(pytester.path)}

    first = subprocess.Popen(
        [*args, "--results-dir", "out1"],
        cwd=pytester.path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        if cache_file.exists() and len(cache_file.read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.05)
    if first.poll() is None:
        os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, (
        f"the first run ended on its own (exit {first.returncode}) before it could be killed"
    )
    cached_at_kill = {
        json.loads(line)["item_id"]
        for line in cache_file.read_text(encoding="utf-8").splitlines()
        if line.endswith("}")
    }
    assert cached_at_kill and not (pytester.path / "out1").exists()
    calls_before = log.read_text(encoding="utf-8").split()

    rerun = subprocess.run(
        [*args, "--results-dir", "out2"],
        cwd=pytester.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stdout[-2000:]
    calls_after = log.read_text(encoding="utf-8").split()[len(calls_before) :]
    assert not cached_at_kill & set(calls_after)  # nothing cached was generated again

    samples = read_samples(cache_file)
    assert sorted((s.item_id, s.sample_idx) for s in samples) == [
        (i, k) for i in ids for k in range(3)
    ]

    clean = subprocess.run(
        [*args[:-2], "--no-cache", "--results-dir", "out3"],
        cwd=pytester.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout[-2000:]
    assert results_view(pytester.path / "out2") == results_view(pytester.path / "out3")
