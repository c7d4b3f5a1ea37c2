"""What a full run costs beyond its programs: wall time / the programs' own execution time.

    .venv/bin/python benchmarks/run_overhead.py [--model reference] [-- PYTEST_ARGS...]

Runs ``pytest iotbench --model MODEL`` in a fresh process (everything a user's run loads is
loaded; nothing is warm but the disk cache) and reads back the results file and the per-item
test times (benchmarks/run_timing.py). Execution time is the sandbox's wall clock of every scored
program, from its fork to its last result, as the results file records it; decomposition items
run no program. Printed: per kind, the items' test time and the programs' execution time; the
run's wall time and wall / execution (issue 18's target on a reference run: at most 2).
"""

from __future__ import annotations

import argparse

from run_timing import load_average, print_timing, timed_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="reference")
    parser.add_argument("pytest_args", nargs="*", help="more pytest options, after --")
    args = parser.parse_args()
    print(f"load average at start: {load_average()}")
    timing = timed_run(["--model", args.model, *args.pytest_args])
    print_timing(timing)
    ratio = timing.wall_seconds / timing.execution_seconds
    print(
        f"wall / programs' execution time: {timing.wall_seconds:.1f} s / "
        f"{timing.execution_seconds:.1f} s = {ratio:.2f}  (target <= 2)"
    )
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
