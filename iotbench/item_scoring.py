"""Score one item's completions so that no completion can spoil another's result.

Every completion is normalised and checked against the size limit first (harness.completions);
identical completions are scored once and share the outcome (a model at low temperature repeats
itself, and an oracle always does). When the scorer fails on the batch, each completion is scored
on its own, so a completion the scorer cannot handle gets `harness_error` with its own reason and
the other samples of the item are scored as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from harness.completions import Prepared, prepare
from harness.results import SampleResult
from harness.status import Status
from iotbench.scorers import Scorer

TOO_LARGE = "too_large"  # the extraction method recorded for a completion over the size limit


def _fault(sample_idx: int, exc: Exception) -> SampleResult:
    return SampleResult(sample_idx, Status.HARNESS_ERROR, reason=f"{type(exc).__name__}: {exc}")


def _checked(pairs: Sequence[tuple[int, str]], results: list[SampleResult]) -> list[SampleResult]:
    wanted = [idx for idx, _ in pairs]
    got = [r.sample_idx for r in results]
    if got != wanted:
        raise RuntimeError(f"the scorer answered for samples {got}, asked for {wanted}")
    return results


def score_isolated(scorer: Scorer, pairs: Sequence[tuple[int, str]]) -> dict[int, SampleResult]:
    """Results by sample index: the whole batch at once, or one completion at a time when the
    batch fails (then a completion that still fails gets `harness_error` on its own)."""
    if not pairs:
        return {}
    try:
        return {r.sample_idx: r for r in _checked(pairs, scorer.score(pairs))}
    except Exception as exc:  # noqa: BLE001 - a scorer fault is ours, recorded per sample
        if len(pairs) == 1:
            return {pairs[0][0]: _fault(pairs[0][0], exc)}
    out: dict[int, SampleResult] = {}
    for pair in pairs:
        try:
            out.update({r.sample_idx: r for r in _checked([pair], scorer.score([pair]))})
        except Exception as exc:  # noqa: BLE001 - as above, for this completion alone
            out[pair[0]] = _fault(pair[0], exc)
    return out


def _noted(result: SampleResult, note: str) -> SampleResult:
    if not note:
        return result
    reason = f"{note}; {result.reason}" if result.reason else note
    return replace(result, reason=reason)


def score_completions(
    scorer: Scorer, completions: Sequence[tuple[int, str]], max_bytes: int
) -> list[SampleResult]:
    """One result per (sample_idx, raw completion), in order."""
    prepared: list[tuple[int, Prepared]] = [
        (idx, prepare(text, max_bytes)) for idx, text in completions
    ]
    first: dict[tuple[bool, str], int] = {}  # an over-size one is not "the same" as an empty one
    for idx, p in prepared:
        first.setdefault((p.too_large, p.text), idx)
    unique = score_isolated(
        scorer, [(idx, p.text) for idx, p in prepared if first[p.too_large, p.text] == idx]
    )
    samples = []
    for idx, p in prepared:
        source = first[p.too_large, p.text]
        original = unique[source]
        if p.too_large:  # scored as an empty answer: every metric as for no program at all
            result = SampleResult(
                idx, Status.SYNTAX_ERROR, dict(original.metrics), extraction=TOO_LARGE
            )
        elif source == idx:
            result = original
        else:
            result = replace(
                original,
                sample_idx=idx,
                metrics=dict(original.metrics),
                reason=f"same completion as sample {source}; {original.reason}",
            )
        samples.append(_noted(result, p.note))
    return samples
