"""Similarity of a generated function to the reference: CodeBLEU with an honest data-flow
component, bundled per sample with the embedding similarity (`similarity_metrics`).

The pinned ``codebleu`` package computes four components (n-gram match, keyword-weighted n-gram
match, syntax-tree match, data-flow match) and combines them with weights 0.25 each, but it
replaces a data-flow score of 0 by 1. That lifts code sharing nothing with the reference to
0.25. We keep the package's four components and compute the total ourselves:

- the reference has data-flow edges: total = 0.25 * (ngram + weighted + syntax + dataflow), with
  a data-flow score of 0 counted as 0 (nothing of the reference's data flow was reproduced);
- the reference has no data-flow edges (e.g. ``return 1``): data flow is undefined, stored as
  None, and the total is the mean of the other three (the weights renormalised to 1/3 each).

Each program is scored on its own (sentence level), so a sample's score does not depend on the
other samples. Tokenisation is the package default (whitespace split), language Python.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from harness.metrics.embedding import Embedder, code_embedding_similarity

WEIGHT = 0.25
LANGUAGE = "python"
_NO_DATAFLOW_WARNING = "There is no reference data-flows extracted"


@dataclass(frozen=True)
class CodeBLEUScore:
    """The package's four CodeBLEU components (0-1) and our total."""

    ngram_match: float
    weighted_ngram_match: float
    syntax_match: float
    dataflow_match: float | None

    @property
    def total(self) -> float:
        """0.25 * each of the four components, or the mean of three without data flow."""
        parts = [self.ngram_match, self.weighted_ngram_match, self.syntax_match]
        if self.dataflow_match is None:
            return sum(parts) / len(parts)
        return WEIGHT * (sum(parts) + self.dataflow_match)

    def as_metrics(self, prefix: str = "codebleu") -> dict[str, float]:
        """Flat numbers for a results file; the data-flow key is absent when undefined."""
        metrics = {
            prefix: self.total,
            f"{prefix}_ngram": self.ngram_match,
            f"{prefix}_weighted_ngram": self.weighted_ngram_match,
            f"{prefix}_syntax": self.syntax_match,
        }
        if self.dataflow_match is not None:
            metrics[f"{prefix}_dataflow"] = self.dataflow_match
        return metrics


class _DropNoDataflowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _NO_DATAFLOW_WARNING not in record.getMessage()


@contextlib.contextmanager
def _quiet_codebleu() -> Iterator[None]:
    """The package logs a warning on the root logger whenever a reference has no data flow;
    we handle that case explicitly, so the warning is noise."""
    drop = _DropNoDataflowWarning()
    root = logging.getLogger()
    root.addFilter(drop)
    try:
        yield
    finally:
        root.removeFilter(drop)


@functools.lru_cache(maxsize=256)
def reference_has_dataflow(reference: str) -> bool:
    """Whether codebleu extracts any data-flow edge from `reference`.

    Matching the reference against itself gives 1.0 when it has edges and the package's
    degenerate 0 when it has none; only the package's public corpus function is used.
    """
    dataflow_match: Any = importlib.import_module("codebleu.dataflow_match")  # untyped module
    with _quiet_codebleu():
        return bool(dataflow_match.corpus_dataflow_match([[reference]], [reference], LANGUAGE) > 0)


def codebleu_scores(generated: Sequence[str], reference: str) -> list[CodeBLEUScore]:
    """CodeBLEU of each generated program against one reference program."""
    from codebleu import calc_codebleu

    if not isinstance(reference, str) or not reference.strip():
        raise ValueError("CodeBLEU needs a non-empty reference program")
    has_dataflow = reference_has_dataflow(reference)
    scores = []
    with _quiet_codebleu():
        for code in generated:
            if not code.strip():
                scores.append(CodeBLEUScore(0.0, 0.0, 0.0, 0.0 if has_dataflow else None))
                continue
            raw = calc_codebleu([reference], [code], LANGUAGE)
            scores.append(
                CodeBLEUScore(
                    ngram_match=float(raw["ngram_match_score"]),
                    weighted_ngram_match=float(raw["weighted_ngram_match_score"]),
                    syntax_match=float(raw["syntax_match_score"]),
                    dataflow_match=float(raw["dataflow_match_score"]) if has_dataflow else None,
                )
            )
    return scores


def codebleu_score(generated: str, reference: str) -> CodeBLEUScore:
    """CodeBLEU of one generated program against the reference."""
    return codebleu_scores([generated], reference)[0]


def similarity_metrics(
    generated: Sequence[str], reference: str, embedder: Embedder | None = None
) -> list[dict[str, float]]:
    """Per-sample ``embedding_similarity`` and the CodeBLEU keys of CodeBLEUScore.as_metrics."""
    similarities = code_embedding_similarity(generated, reference, embedder)
    scores = codebleu_scores(generated, reference)
    return [
        {"embedding_similarity": similarity, **score.as_metrics()}
        for similarity, score in zip(similarities, scores, strict=True)
    ]
