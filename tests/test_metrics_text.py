"""Decomposition metrics: sub-task parser, FCR, BLEU, embedding STC and the judge."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Sequence

import numpy as np
import pytest
import sacrebleu

from harness.adapters import GenerationRequest
from harness.metrics.embedding import MiniLMEmbedder
from harness.metrics.stc import plan_coverage
from harness.metrics.text import (
    JudgeCase,
    JudgeSTC,
    SubTask,
    SubTaskFormatError,
    decomposition_bleu,
    decomposition_metrics,
    format_correctness_rate,
    format_strict,
    parse_rating,
    parse_subtasks,
    segment_subtasks,
)

REFERENCE = """- Sub-Task 1 [Load the ECG data]
  - Read the MIT-BIH records with the wfdb package
  - Keep lead MLII as a float array

- Sub-Task 2 [Filter the signal]
  - Apply a 5-15 Hz Butterworth band-pass filter

- Sub-Task 3 [Detect R peaks]
  - Square the derivative and integrate over 150 ms
  - Find peaks at least 200 ms apart
"""


def test_parse_paper_format() -> None:
    assert parse_subtasks(REFERENCE) == [
        SubTask(
            1,
            "Load the ECG data",
            ("Read the MIT-BIH records with the wfdb package", "Keep lead MLII as a float array"),
        ),
        SubTask(2, "Filter the signal", ("Apply a 5-15 Hz Butterworth band-pass filter",)),
        SubTask(
            3,
            "Detect R peaks",
            ("Square the derivative and integrate over 150 ms", "Find peaks at least 200 ms apart"),
        ),
    ]


def test_parse_accepts_documented_variants() -> None:
    text = (
        "**Sub-Task 1 [Collect data]**\n"
        "1. Record IMU at 50 Hz\n"
        "   and store it as CSV\n"
        "\n  \n\n"
        "### Subtask 2: Train a model\n"
        "* Fit a random forest\n"
        "\n"
        "sub task 7 [Deploy] on the phone\n"
        "+ Export with ONNX"
    )
    assert parse_subtasks(text) == [
        SubTask(1, "Collect data", ("Record IMU at 50 Hz and store it as CSV",)),
        SubTask(2, "Train a model", ("Fit a random forest",)),
        SubTask(7, "Deploy on the phone", ("Export with ONNX",)),
    ]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("Here is the plan:\n\n" + REFERENCE, "block 1: first line 'Here is the plan:'"),
        (REFERENCE.replace("filter\n\n- Sub-Task 3", "filter\n- Sub-Task 3"), "without a blank"),
        ("- Sub-Task 1 [Load]\n\n  - Read the file", "block 1: sub-task 'Load' has no steps"),
        ("- Sub-Task 1 []\n  - Read", "no task name"),
        ("- Sub-Task 1 [Load]\nRead the file", "neither a '- step' bullet"),
        ("1. Load the data\n\n2. Filter it", "is not '- Sub-Task N [Name]'"),
    ],
)
def test_parse_rejects_with_a_reason(text: str, needle: str) -> None:
    with pytest.raises(SubTaskFormatError, match=re.escape(needle)):
        parse_subtasks(text)
    assert not format_strict(text)


def test_format_correctness_rate_is_the_share_that_parses() -> None:
    squashed = REFERENCE.replace("\n\n", "\n")
    outputs = [REFERENCE, REFERENCE, squashed, "just prose"]
    assert format_correctness_rate(outputs) == 0.5
    assert format_correctness_rate([REFERENCE]) == 1.0
    with pytest.raises(ValueError, match="at least one output"):
        format_correctness_rate([])


def test_segments_split_at_headers_even_without_blank_lines() -> None:
    squashed = REFERENCE.replace("\n\n", "\n")
    assert segment_subtasks(squashed) == segment_subtasks(REFERENCE)
    assert len(segment_subtasks(REFERENCE)) == 3
    blobs = segment_subtasks("one blob\nof text\n\nand another")
    assert blobs == ["one blob\nof text", "and another"]


def test_bleu_identical_and_length_penalty_by_hand() -> None:
    assert decomposition_bleu(REFERENCE, REFERENCE) == 1.0
    # all n-gram precisions are 1; brevity penalty exp(1 - 5/4) = exp(-0.25)
    assert decomposition_bleu("a b c d", "a b c d e") == pytest.approx(math.exp(-0.25))
    assert decomposition_bleu("   ", REFERENCE) == 0.0


def test_bleu_equals_sacrebleu_sentence_bleu() -> None:
    generated = REFERENCE.replace("Butterworth band-pass", "FIR low-pass").replace("wfdb", "numpy")
    expected = sacrebleu.sentence_bleu(generated, [REFERENCE], smooth_method="exp", tokenize="13a")
    assert 0.3 < decomposition_bleu(generated, REFERENCE) < 1.0
    assert decomposition_bleu(generated, REFERENCE) == pytest.approx(expected.score / 100)


class KeywordEmbedder:
    """Deterministic fake: a text's vector is the one of the first keyword it contains."""

    name = "keywords"

    def encode(self, texts: list[str]) -> np.ndarray:
        table = {"read": [1.0, 0.0], "filter": [0.0, 1.0], "peak": [0.6, 0.8]}
        hits = [next((v for k, v in table.items() if k in t.lower()), [0.0, 0.0]) for t in texts]
        return np.array(hits, dtype=float)


def test_decomposition_metrics_per_sample() -> None:
    squashed = REFERENCE.replace("\n\n", "\n")
    exact, merged = decomposition_metrics([REFERENCE, squashed], REFERENCE, KeywordEmbedder())
    assert exact == {
        "bleu": 1.0,
        "format_correct": 1.0,
        "format_strict": 1.0,
        "stc": pytest.approx(5.0),
        "stc_recall": 1.0,
        "stc_precision": 1.0,
        "stc_order": 1.0,
        "stc_length": 1.0,
        "stc_relevance": 1.0,
    }
    # run together, the three sub-tasks are still told apart for STC; the format fails
    assert merged["format_correct"] == 0.0 and merged["format_strict"] == 0.0
    assert merged["stc"] == pytest.approx(5.0)
    assert merged["bleu"] == decomposition_bleu(squashed, REFERENCE)


@pytest.fixture(scope="module")
def minilm() -> Iterator[MiniLMEmbedder]:
    previous = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])
    yield embedder
    if previous is None:
        os.environ.pop("HF_HUB_OFFLINE", None)
    else:
        os.environ["HF_HUB_OFFLINE"] = previous


def test_stc_with_minilm_prefers_a_paraphrase(minilm: MiniLMEmbedder) -> None:
    paraphrase = """- Sub-Task 1 [Read the ECG recordings]
  - Use wfdb to load the MIT-BIH records into a numpy array

- Sub-Task 2 [Band-pass filtering]
  - Remove noise with a Butterworth filter between 5 and 15 Hz

- Sub-Task 3 [Locate the R peaks]
  - Integrate the squared derivative and pick peaks 200 ms apart"""
    unrelated = """- Sub-Task 1 [Collect weather data]
  - Query the city's forecast service every hour

- Sub-Task 2 [Draw a dashboard]
  - Plot temperature and humidity in a web page"""
    same, close, far = plan_coverage([REFERENCE, paraphrase, unrelated], REFERENCE, minilm)
    assert same.stc == pytest.approx(5.0, abs=1e-4)
    assert far.stc < 2.0 < close.stc
    assert close.stc > far.stc + 1.5


class FakeJudge:
    name = "fake-judge"

    def __init__(self, answers: list[list[str]]) -> None:
        self.answers = answers
        self.requests: list[GenerationRequest] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        self.requests.extend(requests)
        return self.answers[: len(requests)]


@pytest.mark.parametrize(
    ("answer", "rating"),
    [
        ("Score: 4", 4.0),
        ("The candidate misses sub-task 3.\nScore: **2**", 2.0),
        ("I would give it 3/5.", 3.0),
        ("rating of 4.5 out of 5", 4.5),
        ("5", 5.0),
        ("Score: 7", None),
        ("It covers sub-tasks 1 and 2 well.", None),
        ("", None),
    ],
)
def test_parse_rating(answer: str, rating: float | None) -> None:
    assert parse_rating(answer) == rating


def test_judge_averages_ratings_and_builds_one_request() -> None:
    adapter = FakeJudge([["Score: 4", "Score: 5", "no idea"], ["I cannot tell"] * 3])
    judge = JudgeSTC(adapter, n=3)
    cases = [JudgeCase("Detect heartbeats", REFERENCE, "- Sub-Task 1 [Load]\n  - x")] * 2
    good, bad = judge.score_many(cases)
    assert (good.score, good.status, good.ratings) == (4.5, "ok", (4.0, 5.0))
    assert good.reason == "1 unparsed"
    assert (bad.score, bad.status) == (None, "error")
    assert "no 1-5 rating in 3 judge answers" in bad.reason
    request = adapter.requests[0]
    assert request.n == 3 and [m.role for m in request.messages] == ["system", "user"]
    assert "Detect heartbeats" in request.prompt and "Filter the signal" in request.prompt


def test_judge_rejects_a_short_answer_list() -> None:
    judge = JudgeSTC(FakeJudge([]), n=1)
    with pytest.raises(ValueError, match="answered 0 of 1 requests"):
        judge.score("p", REFERENCE, REFERENCE)
