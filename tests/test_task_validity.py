"""`iotbench validate` on `task` items: the validity protocol and the seed sweep.

A small task item is written to a temporary folder: it averages readings whose gaps are NaN.
Its reference and alternative skip the gaps, its naive solutions do not; a second item's
reference breaks on some data seeds, and the check must name exactly those seeds (the seeds
that `pytest iotbench --data-seed N` derives for the item).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from iotbench.data.seeds import derive_seed

pytestmark = pytest.mark.needs_bwrap

HIDDEN = """
import os

import numpy as np

from candidate import mean_reading

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def test_mean_skips_the_gaps():
    values = np.random.default_rng([SEED, 1]).normal(20.0, 3.0, 50)
    values[::7] = np.nan
    assert abs(mean_reading(values.tolist()) - float(np.nanmean(values))) < 1e-9
"""
PUBLIC = """
from candidate import mean_reading


def test_example():
    assert mean_reading([1.0, float("nan"), 3.0]) == 2.0
"""
SOLUTIONS = {
    "reference.py": "import math\n\n\ndef mean_reading(values):\n"
    "    kept = [v for v in values if not math.isnan(v)]\n    return sum(kept) / len(kept)\n",
    "alternative_numpy.py": "import numpy as np\n\n\ndef mean_reading(values):\n"
    "    return float(np.nanmean(np.asarray(values, dtype=float)))\n",
    "naive_mean.py": "def mean_reading(values):\n    return sum(values) / len(values)\n",
    "naive_zero_fill.py": "import math\n\n\ndef mean_reading(values):\n"
    "    return sum(0.0 if math.isnan(v) else v for v in values) / len(values)\n",
}
# Skips the gaps but then drops the first two readings whenever the second is above 20 (about half
# of the records): a rare-failure stand-in for a sweep to find. (A solution never sees the seed.)
FRAGILE = (
    "import math\n\n\ndef mean_reading(values):\n"
    "    if values[1] > 20:\n        values = values[2:]\n"
    "    kept = [v for v in values if not math.isnan(v)]\n    return sum(kept) / len(kept)\n"
)


def make_task_item(root: Path, item_id: str, reference: str = SOLUTIONS["reference.py"]) -> None:
    folder = root / item_id
    folder.mkdir(parents=True)
    (folder / "item.yaml").write_text(
        f"id: {item_id}\nkind: codegen\nsplit: task\ndomain: edge\nversion: 1\n"
        "difficulty: easy\ntitle: Mean of readings with gaps\nscorer: codegen\n"
        "entry_point: mean_reading\nlimits: {wall_seconds: 20}\n",
        encoding="utf-8",
    )
    (folder / "prompt.md").write_text(
        "**Target**\nThe mean of a sensor's readings; NaN marks a missed reading.\n",
        encoding="utf-8",
    )
    (folder / "hidden_tests.py").write_text(HIDDEN, encoding="utf-8")
    (folder / "public_tests.py").write_text(PUBLIC, encoding="utf-8")
    for name, code in {**SOLUTIONS, "reference.py": reference}.items():
        (folder / name).write_text(code, encoding="utf-8")
    (folder / "notes.md").write_text(
        "naive_mean: a missed reading is NaN, not a value.\n"
        "naive_zero_fill: a missed reading is not a zero reading.\n",
        encoding="utf-8",
    )


def validate(items: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iotbench.cli", "validate", "--items-dir", str(items), *options],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_the_whole_validity_set_passes_and_a_sweep_runs_only_what_must_pass(
    tmp_path: Path,
) -> None:
    make_task_item(tmp_path, "task_edge_mean")
    run = validate(tmp_path, "--seeds", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "task items: data seeds 0..1, solutions: all" in run.stdout
    assert (
        "ok   task_edge_mean: passes per seed: reference 2/2, alternative_numpy 2/2, "
        "naive_mean 0/2, naive_zero_fill 0/2; not calibrated"
    ) in run.stdout
    assert "run/s" not in run.stderr  # no bar when stderr is not a terminal (auto)
    sweep = validate(
        tmp_path, "--solutions", "passing", "--data-seed", "100", "--seeds", "3", "--progress", "on"
    )
    assert sweep.returncode == 0, sweep.stdout + sweep.stderr
    # the bar counts sandbox runs: 2 solutions x 3 seeds, and each one's public examples once
    assert re.search(r"task items: 100%.* 8/8 \[", sweep.stderr), sweep.stderr
    assert "task items: data seeds 100..102, solutions: passing" in sweep.stdout
    line = next(x for x in sweep.stdout.splitlines() if "task_edge_mean" in x)
    assert line.endswith("reference 3/3, alternative_numpy 3/3; not calibrated"), line


@pytest.mark.slow
def test_a_sweep_names_every_seed_on_which_the_reference_fails(tmp_path: Path) -> None:
    make_task_item(tmp_path, "task_edge_fragile", reference=FRAGILE)
    run = validate(tmp_path, "--solutions", "reference", "--data-seed", "40", "--seeds", "6")
    failing = [
        s
        for s in range(40, 46)
        if np.random.default_rng([derive_seed(s, "task_edge_fragile"), 1]).normal(20, 3, 50)[1] > 20
    ]
    assert 0 < len(failing) < 6  # this range holds both kinds of seed
    assert run.returncode == 1, run.stdout + run.stderr
    line = next(x for x in run.stdout.splitlines() if "task_edge_fragile" in x)
    assert line.startswith("FAIL task_edge_fragile: ")
    named = sorted(int(s) for s in re.findall(r"reference\.py fails on data seed (\d+):", line))
    assert named == failing
    assert "naive" not in line  # the naive solutions were not run
    assert "task items valid: 0/1" in run.stdout


def test_a_random_first_seed_is_printed_so_the_sweep_can_be_repeated(tmp_path: Path) -> None:
    make_task_item(tmp_path, "task_edge_mean")
    run = validate(tmp_path, "--solutions", "reference", "--data-seed", "random", "--seeds", "1")
    assert run.returncode == 0, run.stdout + run.stderr
    printed = next(x for x in run.stdout.splitlines() if x.startswith("task items: data seeds"))
    first = int(printed.split("data seeds ")[1].split("..")[0])
    assert first not in range(3)  # not the default seeds
    assert "ok   task_edge_mean: passes per seed: reference 1/1" in run.stdout
