"""The decomposition scorer: format first, then STC against the pass threshold (fake embedder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from harness.status import Status
from iotbench.item import DEFAULT_SYSTEM, load_item
from iotbench.scorers import ScoringContext
from iotbench.scorers.decomposition import PASS_STC, DecompositionScorer

REFERENCE = """- Sub-Task 1 [Load]
  - load the ecg records from disk

- Sub-Task 2 [Filter]
  - filter the raw signal with a band-pass
"""
NUMBERED = """1. Loading
   - load the ecg records from the card

2. Filtering
   - filter the raw signal with a notch
"""


class KeywordEmbedder:
    name = "keywords"

    def encode(self, texts: list[str]) -> np.ndarray:
        table = {"load": [1.0, 0.0], "filter": [0.0, 1.0]}
        hits = [next((v for k, v in table.items() if k in t.lower()), [0.0, 0.0]) for t in texts]
        return np.array(hits, dtype=float)


def _scorer(tmp_path: Path, criterion: str = "") -> DecompositionScorer:
    folder = tmp_path / "td_ecg_demo"
    folder.mkdir()
    (folder / "item.yaml").write_text(
        "id: td_ecg_demo\nkind: decomposition\ndomain: ecg\nversion: 1\ntitle: Demo\n"
        f"scorer: decomposition\n{criterion}",
        encoding="utf-8",
    )
    (folder / "prompt.md").write_text("Find heartbeats in ECG records.", encoding="utf-8")
    (folder / "reference.md").write_text(REFERENCE, encoding="utf-8")
    scorer = DecompositionScorer(load_item(folder), ScoringContext())
    scorer.__dict__["embedder"] = KeywordEmbedder()  # the cached_property, set by hand
    return scorer


def test_system_message_shows_a_two_sub_task_example() -> None:
    system = DEFAULT_SYSTEM["decomposition"]
    assert "blank line" in system and system.count("- Sub-Task ") == 2


def test_a_numbered_plan_passes_and_prose_fails(tmp_path: Path) -> None:
    scorer = _scorer(tmp_path)
    assert scorer.pass_at_least == PASS_STC == 3.4
    numbered, prose, reversed_plan = scorer.score(
        [
            (0, NUMBERED),
            (1, "Here is my plan.\n\n" + REFERENCE),
            (2, "\n\n".join(REFERENCE.split("\n\n")[::-1])),
        ]
    )
    # numbered: anchor terms (prompt and reference share ecg, records) both kept, R = P = 1
    assert numbered.status is Status.PASS
    assert numbered.metrics["format_correct"] == 1.0 and numbered.metrics["format_strict"] == 0.0
    assert numbered.metrics["stc"] == pytest.approx(5.0)
    assert numbered.reason == "stc 5.00 >= 3.4"
    # prose before the list: not well formed, whatever its coverage
    assert prose.status is Status.FAIL and prose.reason.startswith("not in the sub-task format")
    # two sub-tasks swapped: the one pair of matches out of order, O = 0, STC = 1 + 4 * 0.5 = 3
    assert reversed_plan.metrics["stc"] == pytest.approx(3.0)
    assert reversed_plan.status is Status.FAIL and reversed_plan.reason == "stc 3.00 < 3.4"


def test_the_item_can_set_its_own_threshold(tmp_path: Path) -> None:
    scorer = _scorer(tmp_path, "pass_criterion: {metric: stc, at_least: 2.5}\n")
    (result,) = scorer.score([(0, "\n\n".join(REFERENCE.split("\n\n")[::-1]))])
    assert result.status is Status.PASS
