"""Task-decomposition metrics: BLEU, format correctness (FCR) and sub-task coverage (STC).

A decomposition is a list of sub-tasks separated by blank lines, each a header line followed by
implementation steps (the paper's format; `harness.metrics.subtasks` parses it). BLEU compares
the whole text with the reference (similarity of wording, not quality); FCR checks the format;
STC replaces the paper's expert rating (1-5) with a plan-matching score
(`harness.metrics.stc`), or optionally with a language-model judge (`JudgeSTC`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.adapters import GenerationRequest, Message, ModelAdapter
from harness.metrics.embedding import Embedder
from harness.metrics.stc import plan_coverage
from harness.metrics.subtasks import (
    SubTask,
    SubTaskFormatError,
    format_correct,
    format_correctness_rate,
    format_strict,
    parse_plan,
    parse_subtasks,
    segment_subtasks,
)

if TYPE_CHECKING:
    from sacrebleu.metrics.bleu import BLEU

__all__ = [
    "JudgeCase",
    "JudgeSTC",
    "JudgeVerdict",
    "SubTask",
    "SubTaskFormatError",
    "decomposition_bleu",
    "decomposition_metrics",
    "format_correct",
    "format_correctness_rate",
    "format_strict",
    "judge_metrics",
    "parse_plan",
    "parse_rating",
    "parse_subtasks",
    "segment_subtasks",
]

BLEU_TOKENIZE = "13a"
BLEU_SMOOTH = "exp"


def decomposition_bleu(generated: str, reference: str) -> float:
    """Sentence BLEU of one decomposition against its reference, on 0-1 like the paper.

    sacrebleu sentence_bleu settings: tokenize "13a" (mixed case), smooth "exp", effective order,
    4-grams, one reference. An empty output scores 0.
    """
    if not reference.strip():
        raise ValueError("BLEU needs a non-empty reference decomposition")
    if not generated.strip():
        return 0.0
    score = _sentence_bleu().sentence_score(generated, [reference]).score
    return min(1.0, max(0.0, score / 100.0))


@functools.lru_cache(maxsize=1)
def _sentence_bleu() -> BLEU:
    from sacrebleu.metrics.bleu import BLEU

    return BLEU(tokenize=BLEU_TOKENIZE, smooth_method=BLEU_SMOOTH, effective_order=True)


JUDGE_SYSTEM = (
    "You review how IoT software projects are broken into sub-tasks. You compare a candidate "
    "breakdown with an expert's reference breakdown and judge only content, never wording."
)
JUDGE_TEMPLATE = """Problem statement:
{problem}

Expert reference sub-tasks:
{reference}

Candidate sub-tasks:
{generated}

To what extent do the candidate sub-tasks cover the essential parts named in the reference?
Extra candidate sub-tasks neither help nor hurt. Rate on this scale:
1 = covers none of them, 2 = covers a few, 3 = covers about half, 4 = covers most, 5 = covers all.
Answer with one line of the form "Score: N" with N from 1 to 5."""

_LABELLED = re.compile(
    r"(?:score|rating|coverage)\W{0,4}(?:(?:is|of)\s+)?(?<![\d.])([1-5](?:\.\d+)?)(?!\.?\d)",
    re.IGNORECASE,
)
_OUT_OF_FIVE = re.compile(r"(?<![\d.])([1-5](?:\.\d+)?)\s*(?:/|out\s+of)\s*5(?!\.?\d)", re.I)
_BARE = re.compile(r"^\W*([1-5](?:\.\d+)?)\W*$")


def parse_rating(answer: str) -> float | None:
    """The 1-5 rating in a judge's answer, or None.

    Tried in order, last match wins: "Score: N" (or rating/coverage), "N/5" or "N out of 5",
    an answer that is only the number. Anything else, or a value outside 1-5, gives None.
    """
    for pattern in (_LABELLED, _OUT_OF_FIVE, _BARE):
        found = pattern.findall(answer.strip())
        if found:
            value = float(found[-1])
            return value if 1.0 <= value <= 5.0 else None
    return None


@dataclass(frozen=True)
class JudgeVerdict:
    """Mean of the parsed ratings; status "ok", or "error" (score None) when none parsed."""

    score: float | None
    status: str
    ratings: tuple[float, ...]
    answers: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class JudgeCase:
    problem: str
    reference: str
    generated: str
    item_id: str = "stc-judge"


class JudgeSTC:
    """STC rated 1-5 by a language model through any IoTBench adapter, `n` judgments averaged."""

    def __init__(
        self,
        adapter: ModelAdapter,
        n: int = 3,
        temperature: float = 0.7,
        max_new_tokens: int = 64,
        seed: int = 0,
    ) -> None:
        if n < 1:
            raise ValueError(f"JudgeSTC needs n >= 1 judgments, got {n}")
        self.adapter, self.n = adapter, n
        self.temperature, self.max_new_tokens, self.seed = temperature, max_new_tokens, seed

    def request(self, case: JudgeCase) -> GenerationRequest:
        """The judge prompt for one case, as chat messages and as plain text."""
        user = JUDGE_TEMPLATE.format(
            problem=case.problem.strip() or "(not given)",
            reference=case.reference.strip(),
            generated=case.generated.strip() or "(empty)",
        )
        return GenerationRequest(
            item_id=case.item_id,
            messages=(Message("system", JUDGE_SYSTEM), Message("user", user)),
            prompt=f"{JUDGE_SYSTEM}\n\n{user}\n",
            n=self.n,
            temperature=self.temperature,
            max_new_tokens=self.max_new_tokens,
            seed=self.seed,
        )

    def score_many(self, cases: Sequence[JudgeCase]) -> list[JudgeVerdict]:
        """Judge every case with a single adapter call."""
        answers = self.adapter.generate([self.request(case) for case in cases])
        if len(answers) != len(cases):
            raise ValueError(f"judge adapter answered {len(answers)} of {len(cases)} requests")
        return [self._verdict(list(texts)) for texts in answers]

    def score(self, problem: str, reference: str, generated: str) -> JudgeVerdict:
        return self.score_many([JudgeCase(problem, reference, generated)])[0]

    def _verdict(self, texts: list[str]) -> JudgeVerdict:
        ratings = tuple(r for r in map(parse_rating, texts) if r is not None)
        if not ratings:
            return JudgeVerdict(
                None, "error", (), tuple(texts), f"no 1-5 rating in {len(texts)} judge answers"
            )
        reason = "" if len(ratings) == len(texts) else f"{len(texts) - len(ratings)} unparsed"
        return JudgeVerdict(sum(ratings) / len(ratings), "ok", ratings, tuple(texts), reason)


JUDGE_METRIC = "stc_judge"  # never "stc": the two STCs are kept apart in results and tables


def judge_metrics(
    judge: JudgeSTC, problem: str, reference: str, generated: Sequence[str], item_id: str = ""
) -> list[dict[str, float]]:
    """Per sample ``stc_judge`` (1-5) from a judge model, one adapter call for all samples.

    A sample whose judge answers hold no rating gets no ``stc_judge`` (never a guessed number).
    """
    cases = [JudgeCase(problem, reference, text, item_id or "stc-judge") for text in generated]
    return [
        {} if verdict.score is None else {JUDGE_METRIC: verdict.score}
        for verdict in judge.score_many(cases)
    ]


def decomposition_metrics(
    generated: Sequence[str], reference: str, embedder: Embedder | None = None, problem: str = ""
) -> list[dict[str, float]]:
    """Per sample: ``bleu``, ``format_correct`` (0/1; its item mean is FCR), ``format_strict``
    (0/1, the paper's ``Sub-Task N [Name]`` headers) and the embedding ``stc`` (1-5) with its
    parts ``stc_recall``, ``stc_precision``, ``stc_order``, ``stc_length`` and ``stc_relevance``
    (0-1; relevance needs the item's `problem` statement)."""
    coverage = plan_coverage(generated, reference, embedder, problem)
    return [
        {
            "bleu": decomposition_bleu(text, reference),
            "format_correct": float(format_correct(text)),
            "format_strict": float(format_strict(text)),
            "stc": result.stc,
            "stc_recall": result.recall,
            "stc_precision": result.precision,
            "stc_order": result.order,
            "stc_length": result.length,
            "stc_relevance": result.relevance,
        }
        for text, result in zip(generated, coverage, strict=True)
    ]
