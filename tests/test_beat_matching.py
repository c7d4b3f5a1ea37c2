"""Tests for harness.metrics.beats: one-to-one beat matching and the derived scores."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.metrics.beats import BeatMatch, match_beats

FS = 360.0  # at 360 Hz the default 150 ms tolerance is 0.150 * 360 = 54 samples


def brute_force_matches(reference: list[int], detected: list[int], tolerance: float) -> int:
    """Largest one-to-one pairing, by trying every choice for every reference beat."""
    dets = sorted(set(detected))

    def best(i: int, used: frozenset[int]) -> int:
        if i == len(reference):
            return 0
        result = best(i + 1, used)  # leave reference beat i unmatched
        for j, d in enumerate(dets):
            if j not in used and abs(d - reference[i]) <= tolerance:
                result = max(result, 1 + best(i + 1, used | {j}))
        return result

    return best(0, frozenset())


# --- hand-computed cases -------------------------------------------------------------------


def test_exact_matches() -> None:
    # 3 beats, 3 detections on the same samples: tp=3, fp=0, fn=0.
    m = match_beats(np.array([100, 400, 700]), np.array([100, 400, 700]), FS)
    assert m == BeatMatch(tp=3, fp=0, fn=0)
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("offset", [54, -54])
def test_detection_exactly_at_tolerance_matches(offset: int) -> None:
    # |d - r| = 54 = 0.150 s * 360 Hz: on the boundary, which counts as a match.
    assert match_beats(np.array([1000]), np.array([1000 + offset]), FS) == BeatMatch(1, 0, 0)


@pytest.mark.parametrize("offset", [55, -55])
def test_detection_one_sample_beyond_tolerance_does_not_match(offset: int) -> None:
    # |d - r| = 55 > 54: the beat is missed (fn=1) and the detection is spurious (fp=1).
    assert match_beats(np.array([1000]), np.array([1000 + offset]), FS) == BeatMatch(0, 1, 1)


def test_custom_tolerance() -> None:
    # 0.1 s at 250 Hz = 25 samples: 25 away matches, 26 away does not.
    assert match_beats([500], [525], 250.0, tolerance_s=0.1) == BeatMatch(1, 0, 0)
    assert match_beats([500], [526], 250.0, tolerance_s=0.1) == BeatMatch(0, 1, 1)


def test_duplicate_detections_count_as_false_positives() -> None:
    # Beat at 500 reported three times: one copy matches, the two extra copies are fp=2.
    assert match_beats([500], [500, 500, 500], FS) == BeatMatch(tp=1, fp=2, fn=0)


def test_duplicate_cannot_match_a_second_beat() -> None:
    # Beats at 446 and 554 are both exactly 54 samples from 500, so one detection could reach
    # either; reporting 500 twice still earns a single match: tp=1, fp=1 (the copy), fn=1.
    assert match_beats([446, 554], [500, 500], FS) == BeatMatch(tp=1, fp=1, fn=1)


def test_detection_between_two_beats_matches_only_one() -> None:
    # 150 is 50 samples from both 100 and 200 (both <= 54) but may be used once: tp=1, fn=1.
    assert match_beats([100, 200], [150], FS) == BeatMatch(tp=1, fp=0, fn=1)


def test_matching_is_maximal_not_nearest_first() -> None:
    # 150 is nearest to 180 (30 away) but pairing it there leaves 230 with nothing (230-100=130).
    # The maximal pairing is 100-150 (50) and 180-230 (50): tp=2.
    assert match_beats([100, 180], [150, 230], FS) == BeatMatch(tp=2, fp=0, fn=0)


def test_unsorted_inputs_are_sorted_by_the_function() -> None:
    assert match_beats([700, 100, 400], [401, 99, 702], FS) == BeatMatch(3, 0, 0)


def test_float_indices_are_accepted() -> None:
    assert match_beats(np.array([100.0, 400.0]), [100.0, 460.0], FS) == BeatMatch(1, 1, 1)


def test_empty_inputs() -> None:
    # Nothing detected on a record with 4 beats: precision 0.0 by convention, recall 0/4.
    no_detections = match_beats([10, 400, 800, 1200], np.array([], dtype=np.int64), FS)
    assert no_detections == BeatMatch(tp=0, fp=0, fn=4)
    assert (no_detections.precision, no_detections.recall, no_detections.f1) == (0.0, 0.0, 0.0)
    # 2 detections on a record without beats: precision 0/2, recall 0.0 by convention.
    no_beats = match_beats([], [10, 20], FS)
    assert no_beats == BeatMatch(tp=0, fp=2, fn=0)
    assert (no_beats.precision, no_beats.recall, no_beats.f1) == (0.0, 0.0, 0.0)
    # Both empty: nothing to get wrong, all scores 1.0.
    both = match_beats(np.array([], dtype=np.int64), [], FS)
    assert both == BeatMatch(0, 0, 0)
    assert (both.precision, both.recall, both.f1) == (1.0, 1.0, 1.0)


def test_scores_from_counts() -> None:
    m = BeatMatch(tp=8, fp=2, fn=1)
    assert m.precision == pytest.approx(0.8)  # 8 / (8 + 2)
    assert m.recall == pytest.approx(8 / 9)  # 8 / (8 + 1)
    # F1 = 2PR / (P + R) = 2 * 0.8 * 8/9 / (0.8 + 8/9) = (12.8/9) / (15.2/9) = 16/19
    #    = 2tp / (2tp + fp + fn) = 16 / (16 + 2 + 1)
    assert m.f1 == pytest.approx(16 / 19)


def test_pooling_two_records() -> None:
    # Record A: beats 100, 400; detections 100, 900 -> tp=1, fp=1, fn=1.
    # Record B: beats 50, 350, 650; detections 60, 340, 640 -> tp=3, fp=0, fn=0.
    a = match_beats([100, 400], [100, 900], FS)
    b = match_beats([50, 350, 650], [60, 340, 640], FS)
    assert a == BeatMatch(1, 1, 1)
    assert b == BeatMatch(3, 0, 0)
    pooled = a + b
    assert pooled == BeatMatch(tp=4, fp=1, fn=1)
    assert pooled.precision == pytest.approx(4 / 5)
    assert pooled.recall == pytest.approx(4 / 5)
    assert pooled.f1 == pytest.approx(8 / 10)  # 2*4 / (2*4 + 1 + 1)
    assert sum([a, b]) == pooled  # built-in sum starts from 0


@pytest.mark.parametrize(
    ("reference", "detected", "fs", "message"),
    [
        (np.zeros((2, 2)), [1], FS, "1-D"),
        ([1, 2], np.zeros((1, 2)), FS, "1-D"),
        ([1, 2], 5, FS, "1-D"),
        ([1.0, math.nan], [1], FS, "non-finite"),
        ([1], [math.inf], FS, "non-finite"),
        ([1], [1], 0.0, "fs"),
        ([1], [1], -360.0, "fs"),
        ([1], [1], math.nan, "fs"),
        (["a"], [1], FS, "integer"),
    ],
)
def test_invalid_input_raises(reference: object, detected: object, fs: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        match_beats(reference, detected, fs)  # type: ignore[arg-type]


def test_negative_counts_rejected() -> None:
    with pytest.raises(ValueError, match="tp must be a non-negative integer"):
        BeatMatch(tp=-1, fp=0, fn=0)


# --- properties ----------------------------------------------------------------------------

positions = st.lists(st.integers(min_value=0, max_value=3000), max_size=30)


@given(reference=positions, detected=positions, fs=st.sampled_from([100.0, 250.0, 360.0]))
def test_counts_add_up(reference: list[int], detected: list[int], fs: float) -> None:
    m = match_beats(reference, detected, fs)
    assert m.tp + m.fn == len(reference)
    assert m.tp + m.fp == len(detected)
    assert 0.0 <= m.f1 <= 1.0


@given(reference=st.lists(st.integers(0, 10_000), unique=True, max_size=40))
def test_reference_against_itself_is_perfect(reference: list[int]) -> None:
    m = match_beats(reference, reference, FS)
    assert m == BeatMatch(len(reference), 0, 0)
    assert m.f1 == 1.0


@given(data=st.data(), reference=positions, detected=positions)
def test_invariant_to_input_order(
    data: st.DataObject, reference: list[int], detected: list[int]
) -> None:
    shuffled_ref = data.draw(st.permutations(reference))
    shuffled_det = data.draw(st.permutations(detected))
    assert match_beats(shuffled_ref, shuffled_det, FS) == match_beats(reference, detected, FS)


@settings(max_examples=300)
@given(
    reference=st.lists(st.integers(0, 400), max_size=6),
    detected=st.lists(st.integers(0, 400), max_size=6),
)
def test_count_is_maximal(reference: list[int], detected: list[int]) -> None:
    # Small range (0-400) against a 54-sample window gives many overlapping candidates.
    m = match_beats(reference, detected, FS)
    assert m.tp == brute_force_matches(reference, detected, 0.150 * FS + 1e-6)
