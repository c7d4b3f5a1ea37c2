"""The shipped HAR solutions on the items' standard data, through the scorers (slow).

These are the claims the items are built on: a real pipeline clears the bar within a minute on
2 CPU cores, flattened-raw nearest neighbours and the majority class do not, and multimodal
fusion beats every single modality by at least 10 accuracy points.
"""

from __future__ import annotations

import pytest

from harness.results import SampleResult
from harness.status import Status
from iotbench.catalog import ITEMS_DIR
from iotbench.item import load_item
from iotbench.scorers import ScoringContext, make_scorer

pytestmark = [pytest.mark.slow, pytest.mark.needs_bwrap]
CSI_ITEMS = ("har_csi", "har_csi_jetson", "har_csi_accuracy_only", "har_csi_200mb", "har_csi_50mb")
MAJORITY = (
    "import numpy as np\n"
    "def recognize(X_train, y_train, X_test):\n"
    "    first = next(iter(X_test.values())) if isinstance(X_test, dict) else X_test\n"
    "    return np.full(len(first), int(np.bincount(y_train).argmax()))\n"
)


def _score(item_id: str, names: tuple[str, ...]) -> dict[str, SampleResult]:
    item = load_item(ITEMS_DIR / item_id)
    programs = [item.solutions.get(name, MAJORITY) for name in names]
    results = make_scorer(item, ScoringContext()).score(list(enumerate(programs)))
    return dict(zip(names, results, strict=True))


@pytest.mark.parametrize("item_id", CSI_ITEMS)
def test_csi_reference_passes_and_naive_programs_do_not(item_id: str) -> None:
    results = _score(item_id, ("reference", "generic", "majority"))
    reference = results["reference"]
    assert reference.status is Status.PASS, reference.reason
    assert reference.metrics["accuracy"] >= 0.90
    assert reference.metrics["seconds"] < 60  # training + inference on the 2-core machine
    for naive in ("generic", "majority"):
        assert results[naive].status is Status.FAIL
        assert results[naive].metrics["accuracy"] <= 0.40, naive


def test_imu_reference_passes_and_raw_neighbours_do_not() -> None:
    results = _score("har_imu", ("reference", "generic"))
    assert results["reference"].status is Status.PASS, results["reference"].reason
    assert results["reference"].metrics["accuracy"] >= 0.90
    assert results["generic"].metrics["accuracy"] <= 0.6


def test_fusion_beats_the_best_single_modality_by_ten_points() -> None:
    names = ("reference", "audio_only", "depth_only", "radar_only", "generic")
    results = _score("mhar_harmony", names)
    fusion = results["reference"]
    assert fusion.status is Status.PASS, fusion.reason
    best = max(results[name].metrics["accuracy"] for name in names[1:])
    assert fusion.metrics["accuracy"] >= best + 0.10
    assert fusion.metrics["seconds"] < 60
