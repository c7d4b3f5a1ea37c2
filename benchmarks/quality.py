"""Cost per code sample of the quality metrics: one long-lived linter vs one process per sample.

Batched: harness.metrics.quality.QualityAnalyzer (pylint in process, reused across batches;
bandit in process; radon). Per process: ``python -m pylint FILE`` and ``python -m bandit FILE``
for every sample, the way a script calling the command-line tools would. Both see the same
files and options; the script also checks that they report the same issue counts.

    .venv/bin/python benchmarks/quality.py [--n 20]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.metrics.quality import BANDIT_SKIPPED, PYLINT_DISABLED, QualityAnalyzer

TEMPLATES = (
    '''import numpy as np


def moving_average_{i}(signal, window={w}):
    """Smooth with a flat window."""
    kernel = np.ones(window) / window
    return np.convolve(signal, kernel, mode="same")
''',
    """import numpy as np


def normalise_{i}(x):
    mean = np.mean(x)
    std = np.std(x)
    if std == 0:
        return x - mean
    return (x - mean) / std
""",
    '''import numpy as np


def rms_energy_{i}(frames, eps=1e-{w}):
    """Root mean square of each frame."""
    result = []
    for frame in frames:
        result.append(np.sqrt(np.mean(np.square(frame)) + eps))
    return np.array(result)
''',
    """import numpy as np
import os


def zero_crossings_{i}(x, threshold=0.{w}):
    count = 0
    for k in range(1, len(x)):
        if (x[k - 1] < threshold) != (x[k] < threshold):
            count = count + 1
    return count
""",
    '''import numpy as np
from scipy.signal import find_peaks


def detect_peaks_{i}(signal, fs, min_gap=0.{w}):
    """Indices of peaks at least min_gap seconds apart."""
    distance = max(1, int(min_gap * fs))
    peaks, Props = find_peaks(signal, distance=distance, height=np.median(signal))
    return peaks
''',
)


def make_samples(n: int) -> list[str]:
    return [TEMPLATES[i % len(TEMPLATES)].format(i=i, w=3 + i % 5) for i in range(n)]


def per_process(paths: list[Path], rcfile: Path) -> tuple[float, list[int], list[int]]:
    """Seconds, pylint message counts and bandit issue counts, one subprocess pair per file."""
    pylint_counts, bandit_counts = [], []
    start = time.perf_counter()
    for path in paths:
        pylint = subprocess.run(
            [
                sys.executable,
                "-m",
                "pylint",
                f"--rcfile={rcfile}",
                "--persistent=n",
                "--score=n",
                "--output-format=json",
                f"--disable={','.join(PYLINT_DISABLED)}",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        bandit = subprocess.run(
            [
                sys.executable,
                "-m",
                "bandit",
                "-q",
                "-f",
                "json",
                "--ignore-nosec",
                "--skip",
                ",".join(BANDIT_SKIPPED),
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(pylint.stdout or "[]")
        pylint_counts.append(sum(1 for m in messages if m["type"] not in ("info", "fatal")))
        bandit_counts.append(len(json.loads(bandit.stdout)["results"]))
    return time.perf_counter() - start, pylint_counts, bandit_counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="code samples per batch")
    args = parser.parse_args()
    samples = make_samples(args.n)

    analyzer = QualityAnalyzer()
    start = time.perf_counter()
    cold = analyzer.analyze(samples)
    cold_s = time.perf_counter() - start
    start = time.perf_counter()
    warm = analyzer.analyze(make_samples(args.n)[::-1])
    warm_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        rcfile = root / "empty-pylintrc"
        rcfile.write_text("")
        paths = []
        for index, code in enumerate(samples):
            paths.append(root / f"sample_{index:05d}.py")
            paths[-1].write_text(code)
        process_s, pylint_counts, bandit_counts = per_process(paths, rcfile)

    batched_pylint = [len(report.pylint_symbols) for report in cold]
    batched_bandit = [report.security for report in cold]
    agree = batched_pylint == pylint_counts and batched_bandit == bandit_counts
    n = args.n
    print(f"quality metrics (pylint + bandit + radon), {n} small numpy functions per batch")
    print(
        f"batched, first batch (imports + linter start-up): {cold_s:7.2f} s  "
        f"{1000 * cold_s / n:8.1f} ms/sample"
    )
    print(
        f"batched, later batch (linter reused):            {warm_s:7.2f} s  "
        f"{1000 * warm_s / n:8.1f} ms/sample"
    )
    print(
        f"one pylint + one bandit process per sample:      {process_s:7.2f} s  "
        f"{1000 * process_s / n:8.1f} ms/sample"
    )
    print(
        f"ratio per-process / batched: first batch {process_s / cold_s:.1f}x, "
        f"later batch {process_s / warm_s:.1f}x"
    )
    print(
        f"issue counts identical in both ways: {agree}; warm batch consistent: {warm[::-1] == cold}"
    )
    if not agree:
        print(f"  pylint batched {batched_pylint}\n  pylint per-process {pylint_counts}")
        print(f"  bandit batched {batched_bandit}\n  bandit per-process {bandit_counts}")


if __name__ == "__main__":
    main()
