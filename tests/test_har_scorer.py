"""The HAR scorer: metrics against hand-computed values, judging, and end-to-end sandbox runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from harness.sandbox import Execution
from harness.status import Status
from iotbench.catalog import ITEMS_DIR
from iotbench.data.har_sources import SINGLE, HarData, synthetic
from iotbench.item import ItemError, load_item
from iotbench.scorers import ScoringContext, make_scorer
from iotbench.scorers.har import HarScorer, MultimodalHarScorer, as_labels, macro_f1

ITEM = load_item(ITEMS_DIR / "har_csi_50mb")


def _tiny() -> HarData:
    """3 classes, 2 training and 2 test samples each (hand-checkable)."""
    x = np.zeros((6, 2, 5), dtype=np.float32)
    y = np.array([0, 0, 1, 1, 2, 2])
    return HarData({SINGLE: x}, y, {SINGLE: x[:6]}, y.copy(), ("a", "b", "c"), "tiny")


def test_macro_f1_by_hand() -> None:
    y_true = np.array([0, 0, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 0])
    # class 0: tp 1, fp 1, fn 1 -> 2/4; class 1: tp 2, fp 1, fn 0 -> 4/5; class 2: tp 0 -> 0.
    assert macro_f1(y_true, y_pred, range(3)) == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    # A label outside the classes is a miss of the true class, not a class of its own:
    # class 0: tp 1, fn 1 -> 2/3; class 1: tp 1 -> 1.
    assert macro_f1(np.array([0, 0, 1]), np.array([0, 9, 1]), range(2)) == pytest.approx(
        (2 / 3 + 1) / 2
    )
    # Classes absent from both truth and prediction are skipped.
    assert macro_f1(np.array([1, 1]), np.array([1, 1]), range(5)) == 1.0
    assert macro_f1(np.array([], dtype=int), np.array([], dtype=int), range(3)) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "returned nothing usable"),
        (np.array(["a", "b", "c"]), "returned an array of <U1, expected integer class labels"),
        (np.zeros((3, 1)), r"returned an array of shape (3, 1), expected (3,): one label per test"),
        (np.zeros(4), r"returned an array of shape (4,), expected (3,)"),
        (np.array([0.0, 0.5, 1.0]), "returned non-integer labels"),
        (np.array([0.0, np.nan, 1.0]), "returned non-integer labels"),
    ],
)
def test_unusable_outputs_are_explained(value: np.ndarray | None, expected: str) -> None:
    reason = as_labels(value, 3)
    assert isinstance(reason, str) and reason.startswith(expected)


def test_usable_outputs_become_int64() -> None:
    for value in (
        np.array([2, 0, 1], dtype=np.uint8),
        np.array([2.0, 0.0, 1.0]),
        np.array([True, False, True]),
    ):
        labels = as_labels(value, 3)
        assert isinstance(labels, np.ndarray) and labels.dtype == np.int64
        assert labels.tolist() == np.asarray(value).astype(int).tolist()


def test_only_training_labels_reach_the_program() -> None:
    scorer = HarScorer(ITEM, ScoringContext(), data=_tiny())
    (call,) = scorer._calls()
    assert set(call.arrays) == {"X_train", "y_train", "X_test"} and not call.scalars
    assert call.arrays["y_train"] is scorer.data.y_train
    multi = synthetic("harmony", 3, 4)
    mscorer = MultimodalHarScorer(
        load_item(ITEMS_DIR / "mhar_harmony"), ScoringContext(), data=multi
    )
    (mcall,) = mscorer._calls()
    assert set(mcall.arrays) == {
        "y_train",
        "X_train.audio",
        "X_train.depth",
        "X_train.radar",
        "X_test.audio",
        "X_test.depth",
        "X_test.radar",
    }


def _judge(
    outputs: Sequence[np.ndarray | None],
    peak: float,
    baseline: float = 100.0,
    seconds: float = 0.3,
    invalid: dict[int, str] | None = None,
) -> tuple[Status, dict[str, float], str]:
    scorer = HarScorer(ITEM, ScoringContext(), data=_tiny())
    scorer.baseline_mb = baseline
    execution = Execution(
        None,
        outputs=list(outputs),
        call_seconds=[seconds],
        peak_memory_mb=peak,
        invalid=invalid or {},
    )
    result = scorer._judge(7, execution)
    assert result.sample_idx == 7
    return result.status, result.metrics, result.reason


def test_judge_metrics_by_hand() -> None:
    # 5 of 6 right: the last sample of class 2 is called class 1.
    status, metrics, reason = _judge([np.array([0, 0, 1, 1, 2, 1])], peak=140.0)
    assert metrics["accuracy"] == pytest.approx(5 / 6)
    # class 0: 1; class 1: tp 2, fp 1 -> 4/5; class 2: tp 1, fn 1 -> 2/3.
    assert metrics["macro_f1"] == pytest.approx((1 + 0.8 + 2 / 3) / 3)
    assert metrics["seconds"] == 0.3 and metrics["ms_per_sample"] == pytest.approx(50.0)
    assert metrics["peak_memory_mb"] == 140.0 and metrics["memory_mb"] == 40.0
    # har_csi_50mb: accuracy >= 0.85 (0.833 is not) and memory <= 50 MB (40 is).
    assert status is Status.FAIL
    assert reason == "accuracy 0.833 < 0.85; memory 40 MB <= 50 MB"


def test_judge_applies_the_memory_budget() -> None:
    right = [np.array([0, 0, 1, 1, 2, 2])]
    assert _judge(right, peak=150.0)[0] is Status.PASS
    status, metrics, reason = _judge(right, peak=150.5)
    assert status is Status.FAIL and metrics["accuracy"] == 1.0
    assert reason == "accuracy 1.000 >= 0.85; memory 50 MB > 50 MB"  # 50.5 MB, shown rounded
    assert _judge(right, peak=90.0)[1]["memory_mb"] == 0.0  # below the baseline counts as 0


def test_judge_invalid_output_scores_zero_with_the_reason() -> None:
    status, metrics, reason = _judge(
        [None], peak=120.0, invalid={0: "returned dict, not an array of numbers"}
    )
    assert status is Status.FAIL and reason == "returned dict, not an array of numbers"
    assert metrics["accuracy"] == 0.0 and metrics["macro_f1"] == 0.0
    status, _, reason = _judge([np.zeros(5)], peak=120.0)
    assert status is Status.FAIL and reason.startswith("returned an array of shape (5,)")


def test_item_config_errors() -> None:
    with pytest.raises(ItemError, match=r"field 'entry_point' is required"):
        HarScorer(replace(ITEM, entry_point=None), ScoringContext())
    odd = replace(ITEM, config={**ITEM.config, "pass_criterion": {"metric": "f1"}})
    with pytest.raises(ItemError, match=r"pass_criterion\.metric must be accuracy or macro_f1"):
        HarScorer(odd, ScoringContext())
    wrong_kind = HarScorer(ITEM, ScoringContext(), data=synthetic("harmony", 3, 4))
    with pytest.raises(
        ItemError,
        match=r"scorer 'har' cannot score data with several "
        r"modalities \(synthetic harmony v1 seed 3\)",
    ):
        _ = wrong_kind.data
    stale = replace(ITEM, config={**ITEM.config, "data_version": 99})
    with pytest.raises(ItemError, match=r"field 'data_version' is 99 but the csi generator"):
        _ = HarScorer(stale, ScoringContext()).data


def test_time_limit_override_and_registry() -> None:
    scorer = make_scorer(ITEM, ScoringContext(wall_seconds=7.0))
    assert isinstance(scorer, HarScorer) and scorer.limits.wall_seconds == 7.0
    assert HarScorer(ITEM, ScoringContext()).limits.wall_seconds == 120


@pytest.mark.needs_bwrap
def test_reference_and_generic_end_to_end() -> None:
    """The 50 MB item on a small CSI set (15 activities x 9 repetitions), through the sandbox."""
    scorer = HarScorer(ITEM, ScoringContext(), data=synthetic("csi", 11, 9))
    crash = "def recognize(X_train, y_train, X_test):\n    raise ValueError('no model')\n"
    shape = "import numpy as np\ndef recognize(X_train, y_train, X_test):\n    return [[0]]\n"
    solutions = ITEM.solutions
    results = scorer.score(
        [(0, solutions["reference"]), (1, solutions["generic"]), (2, crash), (3, shape)]
    )
    reference, generic, crashed, misshapen = results
    assert scorer.baseline_mb is not None and scorer.baseline_mb > 0
    assert reference.status is Status.PASS, reference.reason
    assert reference.metrics["accuracy"] >= 0.85 and reference.metrics["memory_mb"] <= 50
    assert reference.metrics["seconds"] > 0 and reference.extraction == "fence"
    # Flattened raw amplitudes + kNN: near chance (1/15), and scikit-learn alone breaks 50 MB.
    assert generic.status is Status.FAIL
    assert generic.metrics["accuracy"] <= 0.3 and generic.metrics["memory_mb"] > 50
    assert crashed.status is Status.RUNTIME_ERROR and "no model" in crashed.reason
    # the 50 MB item's score counts accuracy only within the budget
    assert reference.metrics["accuracy_in_budget"] == reference.metrics["accuracy"]
    assert generic.metrics["accuracy_in_budget"] == 0.0
    assert crashed.metrics == {"accuracy": 0.0, "macro_f1": 0.0, "accuracy_in_budget": 0.0}
    assert misshapen.status is Status.FAIL
    assert misshapen.reason.startswith("returned an array of shape (1, 1), expected (45,)")
