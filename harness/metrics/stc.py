"""STC by plan matching: how much of the reference plan an output covers, in order, without padding.

Both texts are cut into sub-tasks (`split_plan`, any header style). A pair (reference sub-task,
output sub-task) is compared on header and steps together and on the steps alone: similarity
``s = PASSAGE_WEIGHT * cos(header + steps) + (1 - PASSAGE_WEIGHT) * cos(steps)`` (MiniLM
embeddings), and an output sub-task whose steps hold fewer than `MIN_STEP_WORDS` content words
gets s = 0 (a header earns nothing alone). The pair's credit rises linearly from 0 at s <= `LOW`
to 1 at s >= `HIGH`. Reference and output sub-tasks are matched one to one for the largest total
credit (Hungarian method), then

* recall ``R`` = total credit / number of reference sub-tasks,
* precision ``P`` = total credit / number of output sub-tasks (extra sub-tasks dilute it),
* coverage ``F = (1 + b²) P R / (b² P + R)`` with b = `RECALL_BIAS` (recall weighs more),
* order ``O`` = share of matched pairs (credit > 0) whose two output sub-tasks come in the
  reference's order (1 with fewer than two matches); the order factor is
  ``1 - ORDER_WEIGHT * (1 - O)``,
* length ``L`` = min(1, `LENGTH_CAP` x reference words / output words),
* relevance ``A`` = min(1, share of the problem's anchor terms in the output / `ANCHOR_SHARE`),
  where the anchor terms are the content words that the problem statement and the reference
  share (the dataset, the device, the condition to detect: a plan for a neighbouring problem
  misses them); A = 1 when no problem statement is given,

and ``STC = 1 + 4 * F * (1 - ORDER_WEIGHT * (1 - O)) * L * A`` on the paper's 1-5 scale.
docs/metrics.md works an example through and gives the calibration figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from harness.metrics.embedding import Embedder, MiniLMEmbedder, cosine_matrix
from harness.metrics.subtasks import SubTask, split_plan

PASSAGE_WEIGHT = 0.3
LOW = 0.30
HIGH = 0.50
ANCHOR_SHARE = 0.6
RECALL_BIAS = 2.0
ORDER_WEIGHT = 0.5
LENGTH_CAP = 3.0
MIN_STEP_WORDS = 4

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "done",
        "for",
        "from",
        "go",
        "in",
        "is",
        "it",
        "its",
        "it's",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "then",
        "this",
        "to",
        "with",
        "yes",
        "no",
        "ok",
        "okay",
    ]
)


@dataclass(frozen=True)
class PlanCoverage:
    """STC (1-5) and its parts, each in [0, 1]; `matches` holds (reference, output, credit)
    for every matched pair with credit > 0, 0-based."""

    stc: float
    recall: float
    precision: float
    order: float
    length: float
    relevance: float
    matches: tuple[tuple[int, int, float], ...]

    def describe(self) -> str:
        return (
            f"STC {self.stc:.2f}: recall {self.recall:.2f}, precision {self.precision:.2f}, "
            f"order {self.order:.2f}, length {self.length:.2f}, relevance {self.relevance:.2f}, "
            f"{len(self.matches)} matched"
        )


def content_words(text: str) -> int:
    """Words that carry content: not filler words such as "do", "it", "the"."""
    return sum(1 for word in _WORD.findall(text.lower()) if word not in _FILLER)


def terms(text: str) -> set[str]:
    """The distinct content words of a text (lower case, three letters or more)."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _FILLER}


def relevance(output: str, problem: str, reference: str, share: float = ANCHOR_SHARE) -> float:
    """min(1, share of the anchor terms (in both problem and reference) found in `output` / share).

    1.0 when the problem is empty or problem and reference share no term.
    """
    anchors = terms(problem) & terms(reference)
    if not anchors:
        return 1.0
    return min(1.0, len(anchors & terms(output)) / len(anchors) / share)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _credit(similarity: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.asarray(np.clip((similarity - low) / (high - low), 0.0, 1.0))


def order_agreement(pairs: Sequence[tuple[int, int]]) -> float:
    """Share of pairs of matches whose output positions follow the reference positions.

    `pairs` holds (reference index, output index); 1.0 with fewer than two matches.
    """
    ordered = sorted(pairs)
    total = agree = 0
    for i, (_, first) in enumerate(ordered):
        for _, second in ordered[i + 1 :]:
            total += 1
            agree += second > first
    return agree / total if total else 1.0


def f_score(precision: float, recall: float, bias: float = RECALL_BIAS) -> float:
    """F-beta of precision and recall, recall weighing `bias` times as much; 0 when both are 0."""
    denominator = bias * bias * precision + recall
    return (1 + bias * bias) * precision * recall / denominator if denominator > 0 else 0.0


def _score(
    similarity: np.ndarray,
    n_words: int,
    reference_words: int,
    relevant: float = 1.0,
    low: float = LOW,
    high: float = HIGH,
) -> PlanCoverage:
    """STC from the pair similarities (reference x output sub-tasks) and the word counts."""
    n_reference, n_output = similarity.shape
    if n_output == 0:
        return PlanCoverage(1.0, 0.0, 0.0, 1.0, 1.0, relevant, ())
    credit = _credit(similarity, low, high)
    # ties (several pairs at full credit) go to the most similar pair, so order is measured on
    # the pairs that really correspond
    rows, cols = linear_sum_assignment(credit + 1e-3 * similarity, maximize=True)
    matches = tuple(
        (int(r), int(c), float(credit[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if credit[r, c] > 0
    )
    total = sum(value for _, _, value in matches)
    recall, precision = total / n_reference, total / n_output
    order = order_agreement([(r, c) for r, c, _ in matches])
    length = min(1.0, LENGTH_CAP * reference_words / n_words) if n_words else 1.0
    coverage = f_score(precision, recall) * (1.0 - ORDER_WEIGHT * (1.0 - order)) * length
    coverage *= relevant
    return PlanCoverage(1.0 + 4.0 * coverage, recall, precision, order, length, relevant, matches)


def _texts(parts: Sequence[SubTask]) -> list[str]:
    return [text for part in parts for text in (part.text, "\n".join(part.steps))]


def plan_coverage(
    generated: Sequence[str],
    reference: str,
    embedder: Embedder | None = None,
    problem: str = "",
    low: float = LOW,
    high: float = HIGH,
) -> list[PlanCoverage]:
    """STC of each generated decomposition against one reference, in one encode call.

    `problem` is the item's problem statement (for the relevance factor; none when empty).
    """
    if not 0.0 <= low < high <= 1.0:
        raise ValueError(f"STC thresholds need 0 <= low < high <= 1, got {low}, {high}")
    reference_parts = split_plan(reference)
    if not reference_parts:
        raise ValueError("STC needs a reference decomposition with at least one sub-task")
    outputs = [split_plan(text) for text in generated]
    model = embedder if embedder is not None else MiniLMEmbedder()
    texts = _texts(reference_parts) + [t for parts in outputs for t in _texts(parts)]
    unique = list(dict.fromkeys(texts))  # samples often repeat sub-tasks: encode each once
    encoded = model.encode(unique)
    row = {text: index for index, text in enumerate(unique)}
    vectors = encoded[[row[text] for text in texts]]
    reference_vectors, start = vectors[: 2 * len(reference_parts)], 2 * len(reference_parts)
    reference_words = _words(reference)
    results = []
    for text, parts in zip(generated, outputs, strict=True):
        own = vectors[start : start + 2 * len(parts)]
        start += 2 * len(parts)
        passages = cosine_matrix(reference_vectors[0::2], own[0::2])
        steps = cosine_matrix(reference_vectors[1::2], own[1::2])
        similarity = PASSAGE_WEIGHT * passages + (1.0 - PASSAGE_WEIGHT) * steps
        empty = [content_words(" ".join(part.steps)) < MIN_STEP_WORDS for part in parts]
        similarity[:, np.asarray(empty, dtype=bool)] = 0.0
        relevant = relevance(text, problem, reference)
        results.append(_score(similarity, _words(text), reference_words, relevant, low, high))
    return results
