"""STC by plan matching (harness/metrics/stc.py), against values worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from harness.metrics.stc import (
    content_words,
    f_score,
    order_agreement,
    plan_coverage,
    relevance,
)

REFERENCE = """- Sub-Task 1 [Load]
  - load the ecg records from disk

- Sub-Task 2 [Filter]
  - filter the raw signal with a band-pass

- Sub-Task 3 [Peak]
  - peak detection with adaptive thresholds
"""
REFERENCE_WORDS = 27  # 9 + 10 + 8 (header words and numbers count)


class KeywordEmbedder:
    """Deterministic fake: a text's vector is the one of the first keyword it contains."""

    name = "keywords"

    def __init__(self, table: Mapping[str, Sequence[float]]) -> None:
        self.table = table
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            hit = next((v for k, v in self.table.items() if k in text.lower()), [0.0, 0.0, 0.0])
            rows.append(list(hit))
        return np.array(rows, dtype=float)


TABLE = {
    "load": [1.0, 0.0, 0.0],
    "filter": [0.0, 1.0, 0.0],
    "peak": [0.0, 0.0, 1.0],
    "smooth": [0.0, 0.4, float(np.sqrt(1 - 0.16))],  # cosine 0.4 with filter, 0.917 with peak
    "weather": [-1.0, 0.0, 0.0],
}


def _plan(*parts: tuple[str, str]) -> str:
    return "\n\n".join(f"- Sub-Task {i} [{t}]\n  - {s}" for i, (t, s) in enumerate(parts, 1))


LOAD = ("Load", "load the ecg records from disk")
FILTER = ("Filter", "filter the raw signal with a band-pass")
PEAK = ("Peak", "peak detection with adaptive thresholds")
SMOOTH = ("Smooth", "smooth the raw signal with a moving average")
WEATHER = ("Weather", "weather forecast from the city service")


def _stc(outputs: list[str], problem: str = "") -> list[float]:
    return [r.stc for r in plan_coverage(outputs, REFERENCE, KeywordEmbedder(TABLE), problem)]


def test_the_reference_scores_five_in_one_encode_call() -> None:
    fake = KeywordEmbedder(TABLE)
    (result,) = plan_coverage([REFERENCE], REFERENCE, fake)
    assert len(fake.calls) == 1
    assert len(fake.calls[0]) == 6  # header+steps and steps of 3 sub-tasks, repeated ones once
    assert (result.stc, result.recall, result.precision, result.order) == (5.0, 1.0, 1.0, 1.0)
    assert result.matches == ((0, 0, 1.0), (1, 1, 1.0), (2, 2, 1.0))


def test_reversed_plan_loses_order_credit() -> None:
    # matches (0, 2), (1, 1), (2, 0): none of the 3 pairs of matches in order, O = 0;
    # order factor 1 - 0.5 * (1 - 0) = 0.5, STC = 1 + 4 * 0.5 = 3
    assert _stc([_plan(PEAK, FILTER, LOAD)]) == [pytest.approx(3.0)]


def test_missing_and_extra_sub_tasks_by_hand() -> None:
    # similarities: Load-Load 1; Smooth-Filter 0.4 (credit (0.4 - 0.3) / 0.2 = 0.5), Smooth-Peak
    # 0.917 (credit 1); Weather -1 with Load, 0 with the others (credit 0).
    # One-to-one: Load-Load 1 + Smooth-Peak 1 = 2; R = 2/3, P = 2/3, F = 2/3; order O = 1.
    (result,) = plan_coverage([_plan(LOAD, SMOOTH, WEATHER)], REFERENCE, KeywordEmbedder(TABLE))
    assert result.recall == pytest.approx(2 / 3) and result.precision == pytest.approx(2 / 3)
    assert result.matches == ((0, 0, 1.0), (2, 1, 1.0))
    assert result.stc == pytest.approx(1 + 4 * 2 / 3)


def test_headers_with_content_free_steps_earn_nothing() -> None:
    headers = _plan(("Load", "Do it."), ("Filter", "Do it."), ("Peak", "Do it."))
    assert _stc([headers, "", "   "]) == [1.0, 1.0, 1.0]


def test_padding_beyond_the_length_cap_is_penalised() -> None:
    # REFERENCE + a 4th sub-task of 3 header words and 105 step words: 135 words, cap 3 x 27 = 81,
    # L = 81 / 135 = 0.6; R = 1, P = 3/4, F(b=2) = 5 * 0.75 / (4 * 0.75 + 1) = 0.9375;
    # STC = 1 + 4 * 0.9375 * 0.6 = 3.25
    padded = REFERENCE + "\n- Sub-Task 4 [Weather]\n  - " + "weather " * 105
    (result,) = plan_coverage([padded], REFERENCE, KeywordEmbedder(TABLE))
    assert result.length == pytest.approx(0.6)
    assert result.stc == pytest.approx(3.25)


def test_relevance_to_the_problem_by_hand() -> None:
    problem = "Detect heartbeats in ECG records from a chest strap."
    # anchor terms (problem and reference share them): ecg, records; the output keeps 1 of 2:
    # A = min(1, 0.5 / 0.6) = 0.8333, STC = 1 + 4 * 0.8333 = 4.3333
    output = REFERENCE.replace("ecg records", "ecg data")
    assert relevance(output, problem, REFERENCE) == pytest.approx(0.5 / 0.6)
    assert _stc([output, REFERENCE], problem) == [
        pytest.approx(1 + 4 * 0.5 / 0.6),
        pytest.approx(5.0),
    ]
    assert relevance(output, "", REFERENCE) == 1.0


def test_helpers_by_hand() -> None:
    assert order_agreement([(0, 0), (1, 2), (2, 1)]) == pytest.approx(2 / 3)
    assert order_agreement([(0, 5)]) == 1.0
    assert f_score(0.5, 1.0) == pytest.approx(5 * 0.5 / (4 * 0.5 + 1))
    assert f_score(0.0, 0.0) == 0.0
    assert content_words("Do it.") == 0 and content_words("load the ecg data") == 3


def test_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="low < high"):
        plan_coverage([REFERENCE], REFERENCE, KeywordEmbedder(TABLE), low=0.8, high=0.5)
    with pytest.raises(ValueError, match="at least one sub-task"):
        plan_coverage([REFERENCE], "  \n", KeywordEmbedder(TABLE))
