"""The codegen part of benchmarks/sandbox.py: hidden tests of real items, harness against anchors.

Programs: the reference solutions of the first ``--items`` code-generation items of the spec
split (in id order, a spread over every domain) — these pass — and, for as many items, the first
mutant (``harness.mutation``) that fails its hidden tests in the sandbox, found before the clock
runs; mutants that time out or crash are skipped, so every failing program fails by its tests.
Every arm runs the same programs against the same hidden tests on the same data seed, as many at
once as the harness has sandbox workers, and must reach the same verdicts (checked, printed):

(h) the harness: ``run_batch`` of ``TestJob`` on warm sandbox workers (started before the clock);
(a) a fresh interpreter per program inside bubblewrap (the harness's bwrap options);
(b) human-eval's way: fork a process that has numpy, scipy, pytest and Hypothesis imported and
    ``gc.freeze()``-d, define the program and run its tests there, no isolation; Hypothesis as
    the tests were written (it shrinks a failing example);
(b') the same with the harness's Hypothesis profile (no shrinking), reported, not targeted;
(c) the floor: the tests of every program run in-process, one program after another, in one
    long-lived process per worker, with nothing around them (harness's Hypothesis profile).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness import sandbox
from harness.mutation import mutants
from harness.sandbox import Limits, TestJob, run_batch
from harness.sandbox import pool as pool_module
from harness.status import Status
from iotbench.catalog import load_items
from iotbench.data.seeds import derive_seed
from iotbench.item import Item

ANCHOR = Path(__file__).with_name("codegen_anchor.py")
DATA_SEED = 1
MUTANTS_TRIED = 4  # per item, when looking for a failing variant


@dataclass(frozen=True)
class Program:
    """One program and the hidden tests it is judged by."""

    item_id: str
    code: str
    test_code: str
    env: dict[str, str]
    limits: Limits
    folder: Path  # candidate.py, test_hidden.py, pytest.ini, env.json for the anchors


def _limits(item: Item) -> Limits:
    return Limits(**dict(item.config.get("limits", {})))


def _program(item: Item, code: str, root: Path, tag: str) -> Program:
    folder = root / f"{item.id}-{tag}"
    folder.mkdir()
    env = {"IOTBENCH_DATA_SEED": str(derive_seed(DATA_SEED, item.id))}
    test_code = item.read("hidden_tests.py")
    for name, text in (
        ("candidate.py", code),
        ("test_hidden.py", test_code),
        ("pytest.ini", "[pytest]\n"),
        ("env.json", json.dumps(env)),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return Program(item.id, code, test_code, env, _limits(item), folder)


def _job(program: Program) -> TestJob:
    return TestJob(program.code, program.test_code, limits=program.limits, env=program.env)


def select(count: int, root: Path) -> tuple[list[Program], list[Program]]:
    """`count` passing references and `count` failing mutants, each from a different item."""
    items = [i for i in load_items() if i.kind == "codegen" and i.split == "spec"]
    if len(items) < count:
        raise SystemExit(f"only {len(items)} spec code-generation items, {count} asked for")
    step = len(items) / count
    spread = [items[int(k * step)] for k in range(count)]
    ordered = spread + [i for i in items if i not in spread]
    root.mkdir()
    passing = [_program(item, item.read("reference.py"), root, "ref") for item in spread]
    failing: list[Program] = []
    quick = Limits(wall_seconds=20.0)
    for start in range(0, len(ordered), count):
        tried = [
            (item, mutant.code)
            for item in ordered[start : start + count]
            for mutant in mutants(item.read("reference.py"), limit=MUTANTS_TRIED)
        ]
        jobs = [TestJob(code, i.read("hidden_tests.py"), quick, _env(i)) for i, code in tried]
        chosen = {program.item_id for program in failing}
        for (item, code), execution in zip(tried, run_batch(jobs), strict=True):
            if execution.status is Status.FAIL and item.id not in chosen and len(failing) < count:
                chosen.add(item.id)
                failing.append(_program(item, code, root, "mutant"))
        if len(failing) == count:
            return passing, failing
    raise SystemExit(f"only {len(failing)} items have a mutant that fails its tests")


def _env(item: Item) -> dict[str, str]:
    return {"IOTBENCH_DATA_SEED": str(derive_seed(DATA_SEED, item.id))}


Arm = Callable[[Sequence[Program]], list[bool]]


def harness_arm(programs: Sequence[Program]) -> list[bool]:
    runs = run_batch([_job(p) for p in programs])
    pairs = zip(programs, runs, strict=True)
    unexpected = [(p.item_id, r.status, r.reason) for p, r in pairs if not _judged(r)]
    if unexpected:
        raise SystemExit(f"the harness could not judge some programs: {unexpected[:3]}")
    return [r.status is Status.PASS for r in runs]


def _judged(run: sandbox.Execution) -> bool:
    return run.status in (Status.PASS, Status.FAIL)


class Servers:
    """Long-lived anchor processes (fork or in-process), one per worker slot, fed from a queue."""

    def __init__(self, mode: str, profile: str, lib: Path, workers: int, home: str) -> None:
        command = [sys.executable, str(lib / ANCHOR.name), str(lib), mode, profile]
        env = sandbox.worker_environment(home)
        self.processes = [
            subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
            )
            for _ in range(workers)
        ]
        for process in self.processes:  # imports done before any clock starts
            assert process.stdout is not None
            if json.loads(process.stdout.readline()).get("ready") is not True:
                raise SystemExit(f"the {mode} anchor did not start")

    def __call__(self, programs: Sequence[Program]) -> list[bool]:
        work: queue.Queue[int] = queue.Queue()
        for index in range(len(programs)):
            work.put(index)
        verdicts: dict[int, bool] = {}

        def feed(process: subprocess.Popen[str]) -> None:
            assert process.stdin is not None and process.stdout is not None
            while True:
                try:
                    index = work.get_nowait()
                except queue.Empty:
                    return
                process.stdin.write(f"{programs[index].folder}\n")
                process.stdin.flush()
                verdicts[index] = bool(json.loads(process.stdout.readline())["passed"])

        threads = [threading.Thread(target=feed, args=(p,)) for p in self.processes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [verdicts[index] for index in range(len(programs))]

    def close(self) -> None:
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.close()
            process.wait()


def fresh_bwrap_arm(lib: Path, root: Path, workers: int) -> Arm:
    """(a): `bwrap <the harness's options> python codegen_anchor.py LIB once DIR harness`."""
    prefix = [*sandbox.worker_bwrap_argv(str(lib)), "--bind", str(root), str(root)]
    inner = pool_module.SANDBOX_LIB
    env = sandbox.worker_environment("/tmp")

    def one(program: Program) -> bool:
        command = [*prefix, sys.executable, f"{inner}/{ANCHOR.name}", inner, "once"]
        done = subprocess.run(
            [*command, str(program.folder), "harness"], env=env, check=False, capture_output=True
        )
        return done.returncode == 0

    def arm(programs: Sequence[Program]) -> list[bool]:
        with ThreadPoolExecutor(workers) as threads:
            return list(threads.map(one, programs))

    return arm


def _timed(arm: Arm, programs: Sequence[Program]) -> tuple[float, list[bool]]:
    start = time.perf_counter()
    verdicts = arm(programs)
    return time.perf_counter() - start, verdicts


def run(count: int, repeats: int, root: Path) -> None:
    """Select the programs, time every arm `repeats` times, print seconds, verdicts and ratios."""
    workers = sandbox.default_workers()
    lib = root / "lib"
    lib.mkdir()
    pool_module.copy_worker(str(lib))  # the worker package as the sandbox gets it
    shutil.copyfile(ANCHOR, lib / ANCHOR.name)
    started = time.perf_counter()
    passing, failing = select(count, root / "programs")
    print(
        f"codegen: {len(passing)} passing programs (references) and {len(failing)} failing "
        f"(one mutant each, harness.mutation) of {len(passing)} and {len(failing)} spec items; "
        f"{workers} worker(s); chosen in {time.perf_counter() - started:.0f} s, not counted"
    )
    servers = {
        "b": Servers("fork", "as-written", lib, workers, str(root)),
        "b'": Servers("fork", "harness", lib, workers, str(root)),
        "c": Servers("inprocess", "harness", lib, workers, str(root)),
    }
    arms: dict[str, Arm] = {"h": harness_arm, "a": fresh_bwrap_arm(lib, root, workers), **servers}
    seconds: dict[tuple[str, str], list[float]] = {}
    agree = {"passing": 0, "failing": 0}
    try:
        for _ in range(repeats):
            for label, programs in (("passing", passing), ("failing", failing)):
                verdicts: dict[str, list[bool]] = {}
                for name, arm in arms.items():
                    elapsed, verdicts[name] = _timed(arm, programs)
                    seconds.setdefault((name, label), []).append(elapsed)
                expected = label == "passing"
                agree[label] = _check_verdicts(label, programs, verdicts, expected)
    finally:
        for server in servers.values():
            server.close()
    _report(seconds, agree, len(passing), len(failing), repeats)


def _check_verdicts(
    label: str, programs: Sequence[Program], verdicts: dict[str, list[bool]], expected: bool
) -> int:
    """How many programs every arm judged as expected; exits naming any disagreement."""
    for index, program in enumerate(programs):
        seen = {name: values[index] for name, values in verdicts.items()}
        if any(value != expected for value in seen.values()):
            raise SystemExit(f"verdicts differ on {label} {program.item_id}: {seen}")
    return len(programs)


NAMES = {
    "h": "(h)  harness, warm sandbox workers",
    "a": "(a)  fresh interpreter per program in bwrap",
    "b": "(b)  human-eval: fork, preloaded, no isolation",
    "b'": "(b') (b) with the harness's Hypothesis profile",
    "c": "(c)  floor: in-process, one after another",
}


def _report(
    seconds: dict[tuple[str, str], list[float]],
    agree: dict[str, int],
    n_pass: int,
    n_fail: int,
    repeats: int,
) -> None:
    print(
        f"verdicts: every arm agrees on {agree['passing']}/{n_pass} passing and "
        f"{agree['failing']}/{n_fail} failing programs"
    )
    print(f"seconds for the whole set (median of {repeats}; min-max)   passing        failing")
    for name, title in NAMES.items():
        cells = [_cell(seconds[(name, label)]) for label in ("passing", "failing")]
        print(f"{title:<52} {cells[0]:>14} {cells[1]:>14}")
    print("throughput of the harness / throughput of the arm (median over repeats):")
    targets = {("b", "passing"): 1.0, ("b", "failing"): 3.0, ("c", "passing"): 1 / 1.3}
    for name in ("a", "b", "b'", "c"):
        parts = []
        for label in ("passing", "failing"):
            ratios = [
                arm / own
                for arm, own in zip(seconds[(name, label)], seconds[("h", label)], strict=True)
            ]
            ratio = statistics.median(ratios)
            target = targets.get((name, label))
            mark = (
                ""
                if target is None
                else f" (target >= {target:.2f}: " + ("met)" if ratio >= target else "MISSED)")
            )
            parts.append(f"{label} {ratio:.2f}x{mark}")
        print(f"  vs {name:<3} " + "; ".join(parts))
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _cell(values: list[float]) -> str:
    middle = statistics.median(values)
    return f"{middle:.1f} ({min(values):.1f}-{max(values):.1f})"
