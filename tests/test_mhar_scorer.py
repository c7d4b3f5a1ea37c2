"""The multimodal HAR scorer end to end: modalities arrive as dicts, fusion beats one modality."""

from __future__ import annotations

import pytest

from harness.status import Status
from iotbench.catalog import ITEMS_DIR
from iotbench.data.har_sources import synthetic
from iotbench.item import ItemError, load_item
from iotbench.scorers import ScoringContext, make_scorer
from iotbench.scorers.har import MultimodalHarScorer

ITEM = load_item(ITEMS_DIR / "mhar_harmony")


def test_item_declares_modalities_and_solutions() -> None:
    assert ITEM.config["modalities"] == ["audio", "depth", "radar"]
    assert ITEM.config["pass_criterion"] == {"metric": "accuracy", "at_least": 0.8}
    assert {"reference", "generic", "audio_only", "depth_only", "radar_only"} <= set(ITEM.solutions)
    assert isinstance(make_scorer(ITEM, ScoringContext()), MultimodalHarScorer)


def test_single_array_data_is_refused() -> None:
    scorer = MultimodalHarScorer(ITEM, ScoringContext(), data=synthetic("csi", 1, 3))
    with pytest.raises(ItemError, match=r"scorer 'mhar' cannot score data with a single array"):
        _ = scorer.data


@pytest.mark.needs_bwrap
def test_fusion_beats_single_modalities_end_to_end() -> None:
    """12 activities x 8 repetitions (2 per activity in the test set), through the sandbox."""
    scorer = MultimodalHarScorer(ITEM, ScoringContext(), data=synthetic("harmony", 11, 8))
    keys = (
        "import numpy as np\n"
        "def recognize(X_train, y_train, X_test):\n"
        "    assert sorted(X_train) == sorted(X_test) == ['audio', 'depth', 'radar']\n"
        "    return np.full(len(X_test['radar']), int(np.bincount(y_train).argmax()))\n"
    )
    names = ["reference", "audio_only", "depth_only", "radar_only", "generic"]
    completions = [(i, ITEM.solutions[name]) for i, name in enumerate(names)]
    results = dict(zip([*names, "majority"], scorer.score([*completions, (5, keys)]), strict=True))
    fusion = results["reference"]
    assert fusion.status is Status.PASS, fusion.reason
    best_single = max(results[f"{m}_only"].metrics["accuracy"] for m in ("audio", "depth", "radar"))
    assert fusion.metrics["accuracy"] >= best_single + 0.10
    assert best_single <= 0.5  # one modality leaves a group of 3-4 candidates
    assert results["generic"].metrics["accuracy"] <= 0.3
    # A program that only checks the dict keys and answers the majority class: 1 in 12 right.
    majority = results["majority"]
    assert majority.status is Status.FAIL
    assert majority.metrics["accuracy"] == pytest.approx(1 / 12)
