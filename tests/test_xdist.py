"""`pytest iotbench -n 2` writes the same results file as a serial run (up to timings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.needs_bwrap]

# Fields that differ between any two runs: when and where it ran, and machine timings.
VOLATILE = {
    "created_at",
    "run_id",
    "environment",
    "samples_file",
    "wall_seconds",
    "latency_ms",
    "peak_memory_mb",
}


def stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def only(directory: Path) -> dict[str, Any]:
    (path,) = directory.glob("*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def workers_by_item(lines: list[str]) -> dict[str, str]:
    """Item id -> the xdist worker that ran it, from `-v` output ("[gw0] PASSED ...[hd_a]")."""
    found = {}
    for line in lines:
        if line.startswith("[gw") and "test_item[" in line:
            found[line[line.rfind("[") + 1 : line.rfind("]")]] = line[1 : line.index("]")]
    return found


def test_items_of_one_kind_share_a_worker(pytester: pytest.Pytester, hd_pair: list[str]) -> None:
    """xdist's default distribution would give each of two items its own worker; grouped by kind
    (iotbench/xdist_schedule.py) both application items go to one, which loads what they need."""
    result = pytester.runpytest_subprocess(
        *hd_pair, "--results-dir", "out", "-n", "2", "-v", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=2)
    ran = workers_by_item(result.outlines)
    assert set(ran) == {"hd_a", "hd_b"} and len(set(ran.values())) == 1


def test_serial_and_two_workers_give_identical_results(
    pytester: pytest.Pytester, hd_pair: list[str]
) -> None:
    program = (
        "```python\nimport numpy as np\nfrom scipy.signal import find_peaks\n"
        "def detect_r_peaks(signal, fs):\n"
        "    return find_peaks(signal, distance=int(0.3 * fs))[0]\n```"
    )
    lines = [
        {"item_id": item, "sample_idx": i, "completion": text}
        for item in ("hd_a", "hd_b")
        for i, text in enumerate([program, "not code", program.replace("0.3", "0.25")])
    ]
    samples = pytester.path / "s.jsonl"
    samples.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    # The parallel run draws its data seed in the controller; the serial run reuses it. Equal
    # results mean every worker scored on the controller's seed (the two items run in
    # different workers, and a seed of their own would draw other hidden records). By default
    # items of one kind share a worker; work stealing spreads these two over both.
    result = pytester.runpytest_subprocess(
        *hd_pair,
        *("--samples", str(samples), "--results-dir", "parallel", "-n", "2", "-v"),
        *("--dist", "worksteal"),
    )
    result.assert_outcomes(passed=2)
    assert len(workers_by_item(result.outlines)) == 2
    parallel = only(pytester.path / "parallel")
    seed = str(parallel["data_seed"])
    result = pytester.runpytest_subprocess(
        *hd_pair, "--samples", str(samples), "--results-dir", "serial", "--data-seed", seed
    )
    result.assert_outcomes(passed=2)
    serial = only(pytester.path / "serial")
    assert [i["id"] for i in serial["items"]] == ["hd_a", "hd_b"]
    assert serial["complete"] and parallel["complete"]
    assert stable(serial) == stable(parallel)
