"""Hidden data drawn per run: a program that regenerates them from the public code gets no credit.

The attack: paste the public generator (the ECG generator of the heartbeat item, the signal
generator of a task item's hidden tests) into a completion, regenerate the records for a seed,
and return their labels. With the seed of the scoring run the attack is perfect, which shows it
is real; with any other seed it scores like a program that detects nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import iotbench.data.ecg
import iotbench.data.seeds
from harness.sandbox import TestJob, run_batch
from harness.status import Status
from iotbench.catalog import ITEMS_DIR, load_items
from iotbench.data.seeds import check_data_seed, derive_seed, draw_data_seed
from iotbench.item import load_item
from iotbench.scorers import ScoringContext
from iotbench.scorers.codegen import CodegenScorer
from iotbench.scorers.heartbeat import HeartbeatScorer

RUN_SEED = 424242


def _source(module: object) -> str:
    return Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]


def ecg_attack(guessed_run_seed: int) -> str:
    """A heartbeat 'detector' that regenerates the standard records and returns their beats."""
    seeds = _source(iotbench.data.seeds).replace("from __future__ import annotations", "")
    ecg = _source(iotbench.data.ecg).replace("from __future__ import annotations", "")
    ecg = ecg.replace("from iotbench.data.seeds import derive_seed", "")
    return (
        "from __future__ import annotations\n"
        + seeds
        + ecg
        + f"""
_KNOWN = standard_records(derive_seed({guessed_run_seed}, "hd_synthetic_ecg"))


def detect_r_peaks(signal, fs):
    for record in _KNOWN:
        if record.signal.shape == signal.shape and np.array_equal(record.signal, signal):
            return record.r_peaks
    return np.zeros(0, dtype=np.int64)
"""
    )


@pytest.mark.needs_bwrap
@pytest.mark.slow
def test_pasted_ecg_generator_gets_no_credit() -> None:
    item = load_item(ITEMS_DIR / "hd_synthetic_ecg")
    scorer = HeartbeatScorer(item, ScoringContext(data_seed=RUN_SEED))
    right, wrong = scorer.score([(0, ecg_attack(RUN_SEED)), (1, ecg_attack(RUN_SEED + 1))])
    assert right.status is Status.PASS and right.metrics["f1"] == 1.0  # the attack is real
    assert wrong.status is Status.FAIL and wrong.metrics["f1"] == 0.0, wrong.reason


STEP_ITEM = "task_imu_step_count"


def step_attack(guessed_item_seed: int) -> str:
    """A 'step counter' that regenerates the hidden tests' records and returns their truth."""
    tests = (ITEMS_DIR / STEP_ITEM / "hidden_tests.py").read_text(encoding="utf-8")
    tests = tests.replace("from candidate import count_steps", "")
    tests = re.sub(r"SEED = int\(.*\)", f"SEED = {guessed_item_seed}", tests)
    return (
        tests
        + """

def _known():
    out = []
    for stream, kinds in ((1, ["walk"]), (2, ["run"])):
        r = rng(stream)
        for _ in range(6 if stream == 1 else 4):
            fs = float(r.choice([25, 32, 50, 100] if stream == 1 else [50, 100]))
            acc, truth = record(r, [(kinds[0], r.uniform(60, 120) if stream == 1
                                     else r.uniform(40, 90))], fs)
            out.append((acc, truth))
    return out


_KNOWN = _known()


def count_steps(acc, fs):
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or not fs > 0:
        raise ValueError("bad input")
    for known, truth in _KNOWN:
        if known.shape == acc.shape and np.array_equal(known, acc):
            return int(truth)
    return 0
"""
    )


@pytest.mark.needs_bwrap
@pytest.mark.slow
def test_pasted_task_generator_gets_no_credit() -> None:
    item = load_item(ITEMS_DIR / STEP_ITEM)
    scorer = CodegenScorer(item, ScoringContext(data_seed=RUN_SEED))
    item_seed = derive_seed(RUN_SEED, STEP_ITEM)
    right, wrong = scorer.score([(0, step_attack(item_seed)), (1, step_attack(0))])
    outcomes = right.metrics["tests_passed"], wrong.metrics["tests_passed"]
    # with the run's seed the regenerated records answer the walking and running tests
    executions = run_batch(
        [TestJob(step_attack(item_seed), item.read("hidden_tests.py"), env=scorer.test_env)]
    )
    tests = executions[0].tests
    assert tests["test_hidden.py::test_walking_in_any_orientation"] == "passed"
    assert tests["test_hidden.py::test_running"] == "passed"
    # with the default seed of the public file, nothing that needs the data passes
    assert wrong.status is Status.FAIL
    assert outcomes[1] < outcomes[0]


@pytest.mark.needs_bwrap
def test_only_the_hidden_test_process_sees_the_seed() -> None:
    program = "import os\ndef seen():\n    return os.environ.get('IOTBENCH_DATA_SEED', '')\n"
    tests = (
        "import os\nfrom candidate import seen\n\ndef test_env():\n"
        "    assert os.environ['IOTBENCH_DATA_SEED'] == '77'\n    assert seen() == ''\n"
    )
    (execution,) = run_batch([TestJob(program, tests, env={"IOTBENCH_DATA_SEED": "77"})])
    assert execution.status is Status.PASS, execution.reason


def test_every_task_item_draws_from_the_run_seed() -> None:
    task = [item for item in load_items() if item.split == "task"]
    assert task, "no task items"
    for item in task:
        assert "IOTBENCH_DATA_SEED" in item.read("hidden_tests.py"), item.id


def test_seed_derivation_is_stable_and_separates_parts() -> None:
    # a pinned value (BLAKE2b-64 of "0:hd_synthetic_ecg", top 63 bits): runs recorded with
    # --data-seed must reproduce in later releases
    assert derive_seed(0, "hd_synthetic_ecg") == 5325321858273761731
    assert derive_seed(0, "a") != derive_seed(0, "b") != derive_seed(1, "a")
    assert all(0 <= derive_seed(s, "x") < 2**63 for s in (0, 1, 2**63 - 1))
    assert 0 <= draw_data_seed() < 2**63
    assert draw_data_seed() != draw_data_seed()  # 63 random bits: a clash is 1 in 9e18
    for bad in (-1, 2**63, 1.5, True, "3"):
        with pytest.raises(ValueError, match="must be an integer from 0 to 2\\*\\*63 - 1"):
            check_data_seed(bad)
