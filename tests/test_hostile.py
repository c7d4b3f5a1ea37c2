"""Hostile programs against the real sandbox: each gets exactly its expected outcome.

Every file in tests/evil_programs/ is one program with a comment header: ``# expect:`` the
outcome (pass/fail as scored here, or the sandbox status), optionally ``# reason:`` a substring
of the reason, ``# mode: tests`` (checked against hidden tests instead of called), ``# limits:``
overrides, ``# check:`` extra checks and ``# min-call-seconds:``. Function programs define
``solve(x)``; the right answer is ``2 * x``. Each test runs its program (with its neighbours, to
use every worker) and checks the exact outcome and that no worker died; the last tests check
that the harness still works and that nothing of the suite is left running or written outside
the sandbox.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import iotbench
from harness import sandbox
from harness.sandbox import Call, Execution, Job, Limits, TestJob, run_batch

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_bwrap,
]

EVIL_DIR = Path(__file__).with_name("evil_programs")
PROGRAMS = sorted(EVIL_DIR.glob("*.py"))
MARK = "iotbench-evil-7c1d"  # in every file name and process name the programs create
PLANTER, READERS = "22_plant_for_others.py", ("23_read_other_samples.py", "24_memory_remnants.py")
# A wall clock far beyond what any program needs on an idle machine, so that on a saturated one
# every outcome other than `timeout` is still decided by its own cause (the process cap, the
# memory limit, the program's return) and never by a race with the clock. The programs meant to
# time out set their own short clock (# limits: wall_seconds=3).
SUITE_LIMITS = Limits(
    wall_seconds=30, memory_mb=512, file_mb=8, tmp_mb=16, output_mb=16, max_processes=64
)
X = np.arange(5.0)
HIDDEN_TESTS = """
from candidate import add

SECRET = 982451653


def test_small():
    assert add(2, 3) == 5


def test_secret():
    assert add(SECRET, 1) == SECRET + 1
"""


@dataclass(frozen=True)
class Program:
    name: str
    code: str
    expect: str
    mode: str = "function"
    reason: str = ""
    limits: Limits = SUITE_LIMITS
    checks: tuple[str, ...] = ()
    min_call_seconds: float = 0.0


def parse(path: Path) -> Program:
    code = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in code.splitlines():
        if not line.startswith("# "):
            break
        key, colon, value = line[2:].partition(":")
        if colon and key.replace("-", "").isalpha():
            header[key] = value.strip()
    overrides = {
        key.strip(): float(value) if key.strip() == "wall_seconds" else int(value)
        for key, _, value in (
            item.partition("=") for item in header.get("limits", "").split(",") if item
        )
    }
    limits = replace(SUITE_LIMITS, **overrides)
    return Program(
        path.name,
        code,
        header["expect"],
        header.get("mode", "function"),
        header.get("reason", ""),
        limits,
        tuple(header.get("check", "").split()),
        float(header.get("min-call-seconds", 0)),
    )


def job(program: Program) -> Job | TestJob:
    if program.mode == "tests":
        return TestJob(program.code, HIDDEN_TESTS, program.limits)
    return Job(program.code, "solve", [Call({"x": X})], program.limits)


def outcome(program: Program, execution: Execution) -> str:
    """pass/fail as the suite scores a returned value, else the sandbox's status."""
    if execution.status is not None:
        return execution.status.value
    output = execution.outputs[0] if execution.outputs else None
    correct = output is not None and output.shape == X.shape and bool(np.all(output == 2 * X))
    return "pass" if correct else "fail"


def host_state() -> dict[str, Any]:
    """What a program that escaped could change on this machine."""
    places = [
        "/tmp",
        "/dev/shm",
        os.path.expanduser("~"),
        os.getcwd(),
        "/",
        "/etc",
        sys.prefix,
        str(Path(iotbench.__file__).parents[1]),
    ]
    marked = sorted(
        str(p) for place in places if os.path.isdir(place) for p in Path(place).glob(f"*{MARK}*")
    )
    swappiness = Path("/proc/sys/vm/swappiness").read_text(encoding="ascii")
    return {"marked_files": marked, "swappiness": swappiness}


def marked_processes() -> list[str]:
    """Processes descended from this test process that carry the suite's marker."""
    parents: dict[int, int] = {}
    marked: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(errors="replace").rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if MARK.encode() in cmdline:
            marked[int(entry.name)] = cmdline
    found = []
    for pid, cmdline in marked.items():
        ancestor = pid
        while ancestor > 1 and ancestor != os.getpid():
            ancestor = parents.get(ancestor, 0)
        if ancestor == os.getpid():
            found.append(f"{pid}: {cmdline!r}")
    return found


class Suite:
    """Runs the programs on demand, a window of `default_workers()` programs at a time.

    Serially that keeps both workers busy; under pytest-xdist each process has one worker and
    runs only the programs of its own tests, so nothing is run twice. The readers of other
    samples' leftovers first get the planter run in every worker, then run beside another one.
    """

    def __init__(self) -> None:
        self.programs = {path.name: parse(path) for path in PROGRAMS}
        self.results: dict[str, Execution] = {}
        self.planted = False
        self.host_before = host_state()
        self.restarts_before = sandbox.worker_restarts()

    def result(self, name: str) -> Execution:
        if name not in self.results:
            order = [n for n in self.programs if n not in self.results]
            window = order[order.index(name) :][: sandbox.default_workers()]
            planter = job(self.programs[PLANTER])
            reads = any(n in READERS for n in window)
            if reads and not self.planted:
                run_batch([planter] * sandbox.default_workers(), SUITE_LIMITS)
                self.planted = True
            extra = [planter] if reads else []
            jobs = [job(self.programs[n]) for n in window]
            executions = run_batch(extra + jobs, SUITE_LIMITS)[len(extra) :]
            self.results.update(zip(window, executions, strict=True))
        return self.results[name]


@pytest.fixture(scope="module")
def suite() -> Suite:
    return Suite()


def test_suite_has_enough_programs() -> None:
    assert len(PROGRAMS) >= 40
    assert all(
        parse(path).expect in ("pass", "fail", "timeout", "oom", "syntax_error", "runtime_error")
        for path in PROGRAMS
    )


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_hostile_program(path: Path, suite: Suite) -> None:
    program = suite.programs[path.name]
    execution = suite.result(path.name)
    detail = (
        f"{outcome(program, execution)}: {execution.reason!r} stderr={execution.stderr[-300:]!r}"
    )
    assert outcome(program, execution) == program.expect, detail
    assert program.reason in execution.reason, detail
    if "stdout_truncated" in program.checks:
        assert execution.stdout.endswith("[... output truncated]")
        assert len(execution.stdout) < 70_000 and len(execution.stderr) < 70_000
    if "stdout_replaced" in program.checks:
        assert "bad \ufffd" in execution.stdout and "\ufffd(" in execution.stderr
    if "memory_seen" in program.checks:
        assert execution.own_memory_mb is not None and execution.own_memory_mb > 250
    if program.min_call_seconds:
        assert execution.call_seconds[0] >= program.min_call_seconds
    assert sandbox.worker_restarts() == suite.restarts_before  # no program brought one down


def test_harness_survives_and_nothing_is_left(suite: Suite) -> None:
    after = run_batch(
        [Job("def solve(x):\n    return x * 2\n", "solve", [Call({"x": X})])], SUITE_LIMITS
    )[0]
    assert after.status is None and after.outputs[0] is not None
    assert after.outputs[0].tolist() == (2 * X).tolist()
    assert marked_processes() == []
    assert host_state() == suite.host_before
    assert sandbox.worker_restarts() == suite.restarts_before


def test_workers_end_with_the_harness(suite: Suite) -> None:
    lib_dirs = sandbox.worker_lib_dirs()
    assert lib_dirs
    sandbox.shutdown()
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        assert not any(lib in cmdline for lib in lib_dirs), cmdline


REFERENCE = (
    Path(iotbench.__file__).parent / "items" / "hd_synthetic_ecg" / "reference.py"
).read_text(encoding="utf-8")


def test_same_statuses_serially_and_under_xdist(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pytest iotbench` on a samples file gives each sample the same status with -n 2.

    Only the plugins the runs need are loaded (IoTBench's, and xdist's for -n), which halves
    the start-up time of the four interpreters involved.
    """
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    completions = [
        REFERENCE,
        "def detect_r_peaks(signal, fs)\n    return []\n",
        "def detect_r_peaks(signal, fs):\n    while True:\n        pass\n",
        "def detect_r_peaks(signal, fs):\n    raise RuntimeError('no idea')\n",
        "def detect_r_peaks(signal, fs):\n    return bytearray(1 << 40)\n",
        "import os\ndef detect_r_peaks(signal, fs):\n    os._exit(0)\n",
        "def detect_r_peaks(signal, fs):\n    return signal[:3]\n",
    ]
    samples = pytester.path / "samples.jsonl"
    samples.write_text(
        "".join(
            json.dumps({"item_id": "hd_synthetic_ecg", "sample_idx": i, "completion": c}) + "\n"
            for i, c in enumerate(completions)
        ),
        encoding="utf-8",
    )
    statuses = []
    for name, extra in (("serial", ()), ("xdist", ("-p", "xdist.plugin", "-n", "2"))):
        out = pytester.path / name
        result = pytester.runpytest_subprocess(
            str(Path(iotbench.__file__).parent),
            "-p",
            "iotbench.plugin",
            "--samples",
            str(samples),
            "--results-dir",
            str(out),
            "--time-limit",  # the reference passes within it on a saturated machine too
            "15",
            "-k",
            "hd_synthetic_ecg",
            *extra,
        )
        result.assert_outcomes(passed=1)
        (path,) = out.glob("*.json")
        (item,) = json.loads(path.read_text(encoding="utf-8"))["items"]
        statuses.append([s["status"] for s in item["samples"]])
    assert statuses[0] == [
        "pass",
        "syntax_error",
        "timeout",
        "runtime_error",
        "oom",
        "runtime_error",
        "fail",
    ]
    assert statuses[1] == statuses[0]
