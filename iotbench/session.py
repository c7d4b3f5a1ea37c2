"""One benchmark run: generate (or replay) completions, score them, write the results.

The pytest plugin owns a `BenchmarkSession` per process; under pytest-xdist each worker scores its
items and the controller merges what the workers export, so the files are written once.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from harness.adapters import (
    AdapterError,
    GenerationRequest,
    Message,
    ModelAdapter,
    resolve_adapter,
)
from harness.cache import GenerationCache, cache_key
from harness.compare import Baseline
from harness.completions import DEFAULT_MAX_COMPLETION_KB
from harness.metrics.analysis import DEFAULT_ANALYSIS_SECONDS
from harness.progress import Progress
from harness.results import (
    Environment,
    Generation,
    ItemRecord,
    ItemResult,
    ResultsFile,
    build_results,
    slug,
    write_results,
)
from harness.samples import Sample, write_samples
from harness.sandbox import SandboxMode
from iotbench.item import Item
from iotbench.item_scoring import score_completions
from iotbench.scorers import ScoringContext, make_scorer

DEFAULT_MODEL = "reference"
DEFAULT_N_SAMPLES = 20  # the paper draws 20 programs per task
_PACKAGES = ("iotbench", "numpy", "scipy", "torch", "transformers", "peft")


@dataclass(frozen=True)
class RunOptions:
    model: str = DEFAULT_MODEL
    samples: Path | None = None
    n_samples: int | None = None
    results_dir: Path = Path("results")
    sandbox: SandboxMode = SandboxMode.BWRAP
    time_limit: float | None = None
    data: tuple[tuple[str, str], ...] = ()  # --iot-data KEY=SOURCE pairs
    cache_dir: Path | None = Path("results/.cache")  # None: no generation cache
    embedder: str = "minilm"
    temperature: float = 0.8
    top_p: float = 0.95
    max_new_tokens: int = 1024
    seed: int = 1234
    data_seed: int = 0  # the plugin draws one per run unless --data-seed is given
    max_completion_kb: int = DEFAULT_MAX_COMPLETION_KB  # larger completions: syntax_error
    analysis_seconds: float = DEFAULT_ANALYSIS_SECONDS  # per program and static analysis
    judge: str | None = None  # --judge SPEC: a model that rates decompositions (stc_judge)

    @property
    def spec(self) -> str:
        return f"replay:{self.samples}" if self.samples else self.model


def _package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def environment(sandbox: SandboxMode) -> Environment:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = {name: v for name in _PACKAGES if (v := _package_version(name))}
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "packages": packages,
        "sandbox": sandbox.value,
    }


@dataclass
class BenchmarkSession:
    options: RunOptions
    baseline: Baseline | None = None
    item_results: dict[str, ItemRecord] = field(default_factory=dict)
    new_samples: list[Sample] = field(default_factory=list)
    collected: int = 0
    progress: Progress = field(default_factory=lambda: Progress(0, enabled=False))
    # The item whose test runs next (set by the plugin): its scoring starts while this item's
    # finishes, so one item's static analysis overlaps the next one's programs in the sandbox.
    upcoming: Item | None = None
    _ahead: dict[str, Future[ItemResult]] = field(default_factory=dict)

    @cached_property
    def adapter(self) -> ModelAdapter:
        return resolve_adapter(self.options.spec)

    def _replay_counts(self) -> dict[str, int] | None:
        counts = getattr(self.adapter, "counts", None)
        if self.options.samples is not None and callable(counts):
            return dict(counts())
        return None

    def has_samples(self, item: Item) -> bool:
        """False only when scoring a samples file that does not cover `item`."""
        counts = self._replay_counts()
        return counts is None or counts.get(item.id, 0) > 0

    def n_for(self, item: Item) -> int:
        if self.options.n_samples is not None:
            return self.options.n_samples
        default_n = getattr(self.adapter, "default_n", None)
        if isinstance(default_n, int) and default_n >= 1:
            return default_n
        counts = self._replay_counts()
        if counts is not None and counts.get(item.id):
            return counts[item.id]
        return DEFAULT_N_SAMPLES

    def request_for(self, item: Item, n: int) -> GenerationRequest:
        o = self.options
        messages = (Message("system", item.system), Message("user", item.prompt))
        return GenerationRequest(
            item_id=item.id,
            messages=messages,
            prompt=item.prompt,
            n=n,
            temperature=o.temperature,
            top_p=o.top_p,
            max_new_tokens=o.max_new_tokens,
            seed=o.seed,
            solutions=item.solutions,
            kind=item.kind,
            entry_point=item.entry_point,
            public_tests=_public_tests(item),
        )

    @cached_property
    def cache(self) -> GenerationCache | None:
        """The generation cache of this model spec (None when scoring a samples file)."""
        if (
            self.options.samples is not None
            or self.options.cache_dir is None
            or not getattr(self.adapter, "cacheable", True)
        ):
            return None
        return GenerationCache(self.options.cache_dir / f"{slug(self.options.spec)}.jsonl")

    def _generate_fresh(self, item: Item, n: int) -> list[str]:
        (completions,) = self.adapter.generate([self.request_for(item, n)])
        if len(completions) != n or not all(isinstance(text, str) for text in completions):
            raise AdapterError(
                f"adapter {self.adapter.name!r} returned {len(completions)} completions for "
                f"{item.id!r} ({n} strings requested)"
            )
        return completions

    def generate(self, item: Item) -> list[tuple[int, str]]:
        """(sample_idx, raw completion) pairs: a samples file's own indices, else 0..n-1."""
        n = self.n_for(item)
        indexed = getattr(self.adapter, "indexed", None)
        if callable(indexed):  # --samples and replay: keep the indices the file gives
            pairs = [(int(idx), str(text)) for idx, text in indexed(item.id, n)]
        else:
            pairs = list(enumerate(self._cached_or_fresh(item, n)))
        if self.options.samples is None:
            self.new_samples += [
                Sample(item.id, idx, text, item.version, self.adapter.name) for idx, text in pairs
            ]
        return pairs

    def _cached_or_fresh(self, item: Item, n: int) -> list[str]:
        cache = self.cache
        if cache is None:
            return self._generate_fresh(item, n)
        o = self.options
        settings = {
            "temperature": o.temperature,
            "top_p": o.top_p,
            "max_new_tokens": o.max_new_tokens,
            "seed": o.seed,
        }
        key = cache_key(item.id, item.version, [item.system, item.prompt], o.spec, settings)
        cached = cache.lookup(key, n)
        if cached is None:
            cache.store(
                key, item.id, item.version, self.adapter.name, self._generate_fresh(item, n)
            )
            cached = cache.lookup(key, n)
            assert cached is not None
        return cached

    def evaluate(self, item: Item) -> ItemResult:
        """Generate, execute and score `item`; the result is kept for the results file.

        Generation stays in this thread, in test order. Scoring runs in a thread of its own,
        and the next item's (`upcoming`) starts before this one's result is awaited; scorers
        share the sandbox pool, the analysis processes and the embedder, which serialise what
        must not run twice at once. Items are scored independently, so results do not change.
        """
        pending = self._ahead.pop(item.id, None) or self._start(item)
        upcoming, self.upcoming = self.upcoming, None
        if upcoming is not None and upcoming.id not in self._ahead and self.has_samples(upcoming):
            # A generation error is raised again, in that item's own test.
            with contextlib.suppress(Exception):
                self._ahead[upcoming.id] = self._start(upcoming)
        result = pending.result()
        self.item_results[item.id] = result.to_dict()
        self.progress.advance()
        return result

    @cached_property
    def _scoring(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(2, thread_name_prefix="iotbench-scoring")

    def _start(self, item: Item) -> Future[ItemResult]:
        self.progress.phase(item.id, f"generating {self.n_for(item)}")
        completions = self.generate(item)
        return self._scoring.submit(self._score, item, completions)

    def _score(self, item: Item, completions: list[tuple[int, str]]) -> ItemResult:
        self.progress.phase(item.id, f"scoring {len({text for _, text in completions})}")
        scorer = make_scorer(
            item,
            ScoringContext(
                self.options.sandbox,
                self.options.time_limit,
                dict(self.options.data),
                self.options.embedder,
                self.options.data_seed,
                self.options.analysis_seconds,
                self.options.judge,
            ),
        )
        samples = score_completions(scorer, completions, self.options.max_completion_kb * 1024)
        headline = str(item.config.get("headline") or getattr(scorer, "headline", "pass@1"))
        return ItemResult(
            item.id,
            item.version,
            item.kind,
            item.domain,
            item.content_hash,
            samples,
            split=item.split,
            headline=headline,
        )

    # --- merging across pytest-xdist workers -------------------------------------------------
    def export(self) -> str:
        return json.dumps(
            {
                "items": self.item_results,
                "collected": self.collected,
                "samples": [s.to_json() for s in self.new_samples],
            }
        )

    def merge(self, exported: str) -> None:
        data = json.loads(exported)
        self.item_results.update(data["items"])
        self.collected = max(self.collected, int(data["collected"]))
        self.new_samples += [Sample(**json.loads(line)) for line in data["samples"]]

    # --- output ------------------------------------------------------------------------------
    def _run_id(self, model_name: str) -> str:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        base = f"{slug(model_name)}-{stamp}"
        run_id, counter = base, 1
        while any(
            (self.options.results_dir / f"{run_id}{ext}").exists()
            for ext in (".json", ".samples.jsonl")
        ):
            counter += 1
            run_id = f"{base}-{counter}"
        return run_id

    def finish(self) -> tuple[Path, ResultsFile] | None:
        """Write the samples and the results file; None when nothing was scored."""
        if not self.item_results:
            return None
        results_dir = self.options.results_dir
        model_name = self.adapter.name
        run_id = self._run_id(model_name)
        if self.options.samples is not None:
            samples_file = str(self.options.samples)
        else:
            ordered = sorted(self.new_samples, key=lambda s: (s.item_id, s.sample_idx))
            samples_file = write_samples(results_dir / f"{run_id}.samples.jsonl", ordered).name
        o = self.options
        generation: Generation = {
            "n": max(item["n"] for item in self.item_results.values()),
            "temperature": o.temperature,
            "top_p": o.top_p,
            "max_new_tokens": o.max_new_tokens,
            "seed": o.seed,
            "samples_file": samples_file,
        }
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        results = build_results(
            run_id=run_id,
            created_at=created,
            model=o.spec,
            model_name=model_name,
            generation=generation,
            environment=environment(o.sandbox),
            data=dict(o.data),
            data_seed=o.data_seed,
            items=self.item_results.values(),
            complete=len(self.item_results) >= self.collected,
            benchmark_version=_package_version("iotbench") or "0+unknown",
        )
        return write_results(results_dir, results), results


def _public_tests(item: Item) -> str:
    """The item's public examples (shown to model-based systems), or "" when it has none."""
    path = item.path / "public_tests.py"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
