"""Time of the code extractor (harness.sanitize.extract_code) on adversarial 1 MB completions.

Each shape aims at one way a naive extractor goes quadratic or worse: prose after code trimmed
one line at a time, a fence-opening pattern that makes a regular expression backtrack, blank
lines under a ``^\\s*`` pattern, thousands of fences, code that breaks only at its very end.
Prints, per shape, the extractor's time, the characters it handed to the parser (its
`parsed_chars`, bounded by `PARSE_BUDGET` times the length) and the method it settled on.

    .venv/bin/python benchmarks/extractor.py [--size 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from harness.sanitize import PARSE_BUDGET, PARSE_SLACK, extract_code

ENTRY = "solve"


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


SHAPES: dict[str, Callable[[int], str]] = {
    "prose after code": lambda n: _fill(
        "This line explains the code above.\n", n, "def solve(x):\n    return x\n"
    ),
    "short lines after def": lambda n: _fill("a(\n", n, "def solve(x):\n"),
    "fence openings, one line": lambda n: _fill("```", n),
    "blank lines": lambda n: _fill("\n", n, "", "def solve(x):\n    return x\n"),
    "many small fences": lambda n: _fill("```python\nimport os\n```\n", n),
    "many helper fences": lambda n: _fill(
        "```python\nimport os\n```\n", n, "", "```python\ndef solve(x):\n    return x\n```\n"
    ),
    "fence never closed": lambda n: _fill("x = 1\n", n, "```python\n", "def solve(:\n"),
    "large program, broken end": lambda n: _fill(
        "x = 1\n", n, "def solve(x):\n    return x\n", "}"
    ),
    "unclosed brackets": lambda n: _fill("(", n, "def solve(x):\n    return "),
    "null bytes": lambda n: _fill("y = 2\n\0", n, "def solve(x):\n    return x\n"),
    "from-import lookalikes": lambda n: _fill("from " + "a" * 200 + "\n", n),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="completion length")
    parser.add_argument("--repeat", type=int, default=3, help="runs per shape (best is shown)")
    args = parser.parse_args()
    print(
        f"completion size {args.size:,} characters; parse budget "
        f"{PARSE_BUDGET} x length + {PARSE_SLACK}"
    )
    print(f"{'shape':<28} {'best s':>8} {'parsed chars':>14} {'x length':>9}  method")
    for name, make in SHAPES.items():
        text = make(args.size)
        best, result = float("inf"), None
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = extract_code(text, ENTRY)
            best = min(best, time.perf_counter() - start)
        assert result is not None
        ratio = result.parsed_chars / len(text)
        print(f"{name:<28} {best:>8.3f} {result.parsed_chars:>14,} {ratio:>9.2f}  {result.method}")


if __name__ == "__main__":
    main()
