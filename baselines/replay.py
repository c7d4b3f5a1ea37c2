"""Replay adapter: answers from a samples file made elsewhere (leaderboard submissions).

``replay:PATH`` serves, for each item, the file's completions in `sample_idx` order. Asking for more
samples than the file holds is an error, never a silently smaller n.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from harness.adapter_options import split_options
from harness.adapters import AdapterError, GenerationRequest
from harness.samples import Sample, SamplesError, read_samples


class ReplayAdapter:
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
    def from_spec(cls, argument: str) -> ReplayAdapter:
        path, options = split_options(argument)
        if not path or options:
            raise AdapterError("replay adapter needs a samples file: --model replay:PATH.jsonl")
        return cls(Path(path))

    def counts(self) -> dict[str, int]:
        return {item_id: len(samples) for item_id, samples in self.by_item.items()}

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        out = []
        for request in requests:
            have = self.by_item.get(request.item_id, [])
            if len(have) < request.n:
                raise AdapterError(
                    f"{self.path}: item {request.item_id!r} has {len(have)} "
                    f"sample(s), {request.n} requested"
                )
            out.append([s.completion for s in have[: request.n]])
        return out
