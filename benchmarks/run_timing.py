"""Time one ``pytest iotbench`` run in a fresh process, per item kind: the benchmarks' shared part.

Used by benchmarks/run_overhead.py and benchmarks/scoring_n20.py. The run writes a JUnit XML
report (each item's test time) and a results file (each program's execution time as the sandbox
measured it); both are read back here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KindTiming:
    """One item kind of a run."""

    items: int = 0
    samples: int = 0
    programs: int = 0  # samples that ran a program (decompositions run none)
    test_seconds: float = 0.0  # wall time of the items' tests (generation and scoring)
    execution_seconds: float = 0.0  # the programs' own time in the sandbox


@dataclass
class RunTiming:
    """A whole run: wall time from the process start to its exit, and per kind."""

    command: list[str]
    wall_seconds: float
    kinds: dict[str, KindTiming] = field(default_factory=dict)

    @property
    def execution_seconds(self) -> float:
        return sum(kind.execution_seconds for kind in self.kinds.values())

    @property
    def test_seconds(self) -> float:
        return sum(kind.test_seconds for kind in self.kinds.values())


def timed_run(arguments: list[str]) -> RunTiming:
    """Run ``python -m pytest iotbench ARGUMENTS`` into a temporary results directory."""
    with tempfile.TemporaryDirectory(prefix="iotbench-timing-") as tmp:
        junit = Path(tmp) / "junit.xml"
        command = [sys.executable, "-m", "pytest", "iotbench", *arguments]
        command += ["--results-dir", tmp, "--progress", "off", "-q", "-p", "no:cacheprovider"]
        command += ["--junitxml", str(junit)]
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        results = sorted(Path(tmp).glob("*.json"))
        if done.returncode != 0 or not results:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            raise SystemExit(f"the run failed (exit {done.returncode})")
        data = json.loads(results[0].read_text(encoding="utf-8"))
        test_seconds = _test_seconds(junit)
    shown = [part.replace(tmp, "TMP") for part in command[1:]]
    timing = RunTiming(shown, wall)
    for item in data["items"]:
        kind = timing.kinds.setdefault(item["kind"], KindTiming())
        kind.items += 1
        kind.test_seconds += test_seconds.get(item["id"], 0.0)
        for sample in item["samples"]:
            kind.samples += 1
            if sample.get("wall_seconds"):
                kind.programs += 1
                kind.execution_seconds += float(sample["wall_seconds"])
    return timing


def _test_seconds(junit: Path) -> dict[str, float]:
    """Seconds of each item's test by item id, from the JUnit report (test_item[ID])."""
    seconds: dict[str, float] = defaultdict(float)
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        name = case.get("name", "")
        if name.startswith("test_item[") and name.endswith("]"):
            seconds[name[len("test_item[") : -1]] += float(case.get("time", "0"))
    return seconds


def print_timing(timing: RunTiming) -> None:
    print("command:", " ".join(timing.command))
    print(f"{'kind':<14}{'items':>6}{'samples':>9}{'programs':>9}{'tests s':>10}{'exec s':>10}")
    for name, kind in sorted(timing.kinds.items()):
        print(
            f"{name:<14}{kind.items:>6}{kind.samples:>9}{kind.programs:>9}"
            f"{kind.test_seconds:>10.1f}{kind.execution_seconds:>10.1f}"
        )
    rest = timing.wall_seconds - timing.test_seconds
    tail = f"start-up and the end of the run: {rest:.1f} s" if rest >= 0 else "summed over workers"
    print(f"wall {timing.wall_seconds:.1f} s; items' tests {timing.test_seconds:.1f} s ({tail})")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
