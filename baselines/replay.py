"""Replay adapter: answers from a samples file made elsewhere (leaderboard submissions).

``replay:PATH`` serves, for each item, the file's completions in `sample_idx` order; `indexed`
gives them with the indices the file gives them (the session keeps those, as it does for
``--samples``). Asking for more samples than the file holds is an error, never a silently
smaller n. The file is its own cache: replayed completions are not copied into the generation
cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from harness.adapter_options import split_options
from harness.adapters import AdapterError, GenerationRequest
from harness.samples import Sample, SamplesError, read_samples


class ReplayAdapter:
    cacheable = False  # the samples file already holds every completion

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            samples = read_samples(path)
        except SamplesError as exc:
            raise AdapterError(str(exc)) from None
        self.by_item: dict[str, list[Sample]] = defaultdict(list)
        for sample in sorted(samples, key=lambda s: (s.item_id, s.sample_idx)):
            self.by_item[sample.item_id].append(sample)
        models = {s.model for s in samples if s.model}
        self.name = models.pop() if len(models) == 1 else f"samples:{path.name}"

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """A samples file and nothing else; the options check the file itself up front."""
        path, options = split_options(argument)
        if not path or options:
            raise AdapterError("replay adapter needs a samples file: --model replay:PATH.jsonl")

    @classmethod
    def from_spec(cls, argument: str) -> ReplayAdapter:
        cls.check_spec(argument)
        return cls(Path(split_options(argument)[0]))

    def counts(self) -> dict[str, int]:
        return {item_id: len(samples) for item_id, samples in self.by_item.items()}

    def indexed(self, item_id: str, n: int) -> list[tuple[int, str]]:
        """The first `n` samples of `item_id` in `sample_idx` order, as (sample_idx, completion)
        with the file's own indices."""
        have = self.by_item.get(item_id, [])
        if len(have) < n:
            raise AdapterError(
                f"{self.path}: item {item_id!r} has {len(have)} sample(s), {n} requested"
            )
        return [(s.sample_idx, s.completion) for s in have[:n]]

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        return [[text for _, text in self.indexed(r.item_id, r.n)] for r in requests]
