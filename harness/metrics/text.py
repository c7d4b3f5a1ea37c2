"""Task-decomposition metrics: BLEU, format correctness (FCR) and sub-task coverage (STC).

A decomposition is a list of sub-tasks separated by blank lines, each a header line
``- Sub-Task N [Task Name]`` followed by bulleted implementation steps (the paper's format).
BLEU compares the whole text with the reference; FCR checks the format; STC replaces the paper's
expert rating (1-5) with an embedding-based coverage score, or optionally a language-model judge.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from harness.adapters import GenerationRequest, Message, ModelAdapter
from harness.metrics.embedding import Embedder, MiniLMEmbedder, cosine_matrix

if TYPE_CHECKING:
    from sacrebleu.metrics.bleu import BLEU

BLEU_TOKENIZE = "13a"
BLEU_SMOOTH = "exp"
STC_LOW = 0.45
STC_HIGH = 0.75

_HEADER = re.compile(
    r"^(?:[-*+]\s*|#{1,6}\s*)?sub[-\s]?task\s*(?P<number>\d+)\s*"
    r"(?:\[(?P<bracketed>[^\]]*)\](?P<rest>.*)|[:.)\-–—]\s*(?P<plain>.*))$",
    re.IGNORECASE,
)
_STEP = re.compile(r"^(?:[-*+]|\d+[.)])\s+(?P<text>\S.*)$")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


class SubTaskFormatError(ValueError):
    """A decomposition that does not follow the sub-task format; says which block and why."""


@dataclass(frozen=True)
class SubTask:
    number: int
    title: str
    steps: tuple[str, ...]

    @property
    def text(self) -> str:
        """Title and steps as one passage, e.g. to hand one sub-task to a later stage."""
        return "\n".join((self.title, *self.steps))


def _match_header(line: str) -> re.Match[str] | None:
    return _HEADER.match(line.strip().replace("**", "").strip())


def _blocks(text: str) -> list[str]:
    return [block for block in _BLANK_RUN.split(text.strip().replace("\r\n", "\n")) if block]


def _parse_block(block: str, index: int) -> SubTask:
    lines = block.split("\n")
    header = _match_header(lines[0])
    if header is None:
        raise SubTaskFormatError(
            f"block {index}: first line {lines[0].strip()[:60]!r} is not '- Sub-Task N [Name]'"
        )
    if header["bracketed"] is not None:
        parts = (header["bracketed"].strip(), header["rest"].strip(" \t:-–—"))
        title = " ".join(part for part in parts if part)
    else:
        title = header["plain"].strip()
    if not title:
        raise SubTaskFormatError(f"block {index}: sub-task header has no task name")
    steps: list[str] = []
    for line in lines[1:]:
        if _match_header(line):
            raise SubTaskFormatError(
                f"block {index}: {line.strip()[:40]!r} starts a new sub-task without a blank line"
            )
        step = _STEP.match(line.strip())
        if step is not None:
            steps.append(step["text"].strip())
        elif line[:1].isspace() and steps:
            steps[-1] = f"{steps[-1]} {line.strip()}"
        else:
            raise SubTaskFormatError(
                f"block {index}: line {line.strip()[:60]!r} is neither a '- step' bullet "
                "nor an indented continuation of one"
            )
    if not steps:
        raise SubTaskFormatError(f"block {index}: sub-task {title[:40]!r} has no steps")
    return SubTask(int(header["number"]), title, tuple(steps))


def parse_subtasks(text: str) -> list[SubTask]:
    """Parse a decomposition strictly; raise SubTaskFormatError naming the first problem.

    What parses: after trimming, the text is one or more blocks separated by blank lines (lines
    holding at most whitespace). A block's first line is a header: an optional bullet (``-``,
    ``*``, ``+``) or Markdown ``#``, then ``Sub-Task`` (any case; ``Subtask``/``Sub Task`` too),
    a number and the task name, either in brackets (``[Load data]``, text after the bracket is
    appended to the name) or after ``:``, ``.``, ``)`` or a dash; ``**`` bold markers are ignored.
    Every further line is a step (``-``/``*``/``+``/``1.``/``1)`` then text) or an indented
    continuation of the previous step. Each sub-task has at least one step. A header inside a
    block (two sub-tasks without a blank line between them) fails. Numbers are kept, not checked.
    """
    blocks = _blocks(text)
    if not blocks:
        raise SubTaskFormatError("the decomposition is empty")
    return [_parse_block(block, index) for index, block in enumerate(blocks, start=1)]


def format_correct(text: str) -> bool:
    """True when the whole text parses as sub-tasks separated by blank lines."""
    try:
        parse_subtasks(text)
    except SubTaskFormatError:
        return False
    return True


def format_correctness_rate(outputs: Sequence[str]) -> float:
    """FCR: the share of outputs whose format is correct (paper §6.4.1), in [0, 1]."""
    if not outputs:
        raise ValueError("FCR needs at least one output")
    return sum(format_correct(output) for output in outputs) / len(outputs)


def segment_subtasks(text: str) -> list[str]:
    """Cut a decomposition into sub-task passages, leniently: at blank lines and before headers.

    Used by STC, which measures content; a missing blank line costs FCR, not coverage.
    """
    segments: list[list[str]] = []
    for block in _blocks(text):
        current: list[str] = []
        for line in block.split("\n"):
            if _match_header(line) and current:
                segments.append(current)
                current = []
            current.append(line.strip())
        segments.append(current)
    return [joined for lines in segments if (joined := "\n".join(lines).strip())]


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


@dataclass(frozen=True)
class CoverageResult:
    """STC on 1-5, the coverage c in [0, 1] it maps from (1 + 4c), and per reference sub-task
    the best cosine similarity among the generated sub-tasks."""

    stc: float
    coverage: float
    best_similarity: tuple[float, ...]


def _credit(similarity: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.asarray(np.clip((similarity - low) / (high - low), 0.0, 1.0))


def subtask_coverage(
    generated: Sequence[str],
    reference: str,
    embedder: Embedder | None = None,
    low: float = STC_LOW,
    high: float = STC_HIGH,
) -> list[CoverageResult]:
    """Automatic STC of each generated decomposition against one reference, one encode call.

    For each reference sub-task take the best cosine similarity s among the generated ones;
    its credit rises linearly from 0 at s <= `low` to 1 at s >= `high`; coverage c is the mean
    credit over reference sub-tasks and STC = 1 + 4c (1 = covers nothing, 5 = covers all).
    """
    if not 0.0 <= low < high <= 1.0:
        raise ValueError(f"STC thresholds need 0 <= low < high <= 1, got {low}, {high}")
    reference_parts = segment_subtasks(reference)
    if not reference_parts:
        raise ValueError("STC needs a reference decomposition with at least one sub-task")
    generated_parts = [segment_subtasks(text) for text in generated]
    flat = [part for parts in generated_parts for part in parts]
    model = embedder if embedder is not None else MiniLMEmbedder()
    vectors = model.encode(reference_parts + flat)
    reference_vectors = vectors[: len(reference_parts)]
    generated_vectors = vectors[len(reference_parts) :]
    results, start = [], 0
    for parts in generated_parts:
        if not parts:
            best = np.zeros(len(reference_parts))
        else:
            own = generated_vectors[start : start + len(parts)]
            best = cosine_matrix(reference_vectors, own).max(axis=1)
        start += len(parts)
        coverage = float(_credit(best, low, high).mean())
        results.append(CoverageResult(1.0 + 4.0 * coverage, coverage, tuple(map(float, best))))
    return results


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


def decomposition_metrics(
    generated: Sequence[str], reference: str, embedder: Embedder | None = None
) -> list[dict[str, float]]:
    """Per-sample ``bleu``, ``format_correct`` (0/1; its item mean is FCR) and ``stc`` (1-5)."""
    coverage = subtask_coverage(generated, reference, embedder)
    return [
        {
            "bleu": decomposition_bleu(text, reference),
            "format_correct": float(format_correct(text)),
            "stc": result.stc,
        }
        for text, result in zip(generated, coverage, strict=True)
    ]
