"""Scorers: how an item turns raw completions into per-sample results.

Each item names its scorer in ``item.yaml`` (``scorer: heartbeat``); scorers are found through a
lazy registry, so an item kind's heavy dependencies load only when such an item runs. Other
packages add scorers through the ``iotbench.scorers`` entry-point group, as this project does
for its own (pyproject.toml), which live beside this module: `codegen` (hidden tests),
`decomposition` (sub-task lists), `heartbeat` (R-peak detection) and `har` (activity
recognition, single- and multimodal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from harness.metrics.analysis import DEFAULT_ANALYSIS_SECONDS
from harness.registry import LazyRegistry
from harness.results import SampleResult
from harness.sandbox import SandboxMode
from iotbench.item import Item


@dataclass(frozen=True)
class ScoringContext:
    """Run-wide settings every scorer receives."""

    sandbox: SandboxMode = SandboxMode.BWRAP
    wall_seconds: float | None = None  # overrides every item's own wall-clock limit when set
    # --iot-data KEY=SOURCE: real datasets chosen by the user, e.g. {"hd": "wfdb:/data/mitdb"}.
    data: Mapping[str, str] = field(default_factory=dict)
    # Embedding model for similarity metrics: "minilm" (offline default) or "codet5p[:DIR]".
    embedder: str = "minilm"
    # The run's data seed: every seeded generator draws the hidden data from it (through
    # iotbench.data.seeds.derive_seed), so no program can regenerate them from public code.
    data_seed: int = 0
    # Time budget of each static analysis of one program (harness.metrics.analysis).
    analysis_seconds: float = DEFAULT_ANALYSIS_SECONDS
    # --judge SPEC: a model adapter that also rates decompositions (metric `stc_judge`, kept apart
    # from the embedding `stc`); None for the embedding STC only.
    judge: str | None = None


class Scorer(Protocol):
    """Turns completions into results. A scorer may name its item's headline metric in a
    ``headline`` attribute (e.g. "f1"); the default is pass@1."""

    def score(self, completions: Sequence[tuple[int, str]]) -> list[SampleResult]:
        """Score (sample_idx, raw completion) pairs, one result per pair, in order."""
        ...


class ScorerFactory(Protocol):
    def __call__(self, item: Item, context: ScoringContext) -> Scorer: ...


# The built-in scorers are entry points of this project's distribution (pyproject.toml).
SCORERS: LazyRegistry[ScorerFactory] = LazyRegistry("item scorer", "iotbench.scorers")


class DataSourceParser(Protocol):
    def __call__(self, spec: str) -> object: ...


# --iot-data KEY=SOURCE: which keys exist and how their SOURCE is checked (raises ValueError with a
# one-line message). Checked when pytest starts, so a bad path fails before anything runs.
DATA_SOURCES: LazyRegistry[DataSourceParser] = LazyRegistry("--iot-data key")
DATA_SOURCES.register("hd", "iotbench.data.wfdb_source:parse_source")
DATA_SOURCES.register("har", "iotbench.data.har_sources:parse_csi_source")
DATA_SOURCES.register("har_imu", "iotbench.data.har_sources:parse_imu_source")
DATA_SOURCES.register("mhar", "iotbench.data.har_sources:parse_harmony_source")


def make_scorer(item: Item, context: ScoringContext) -> Scorer:
    return SCORERS.get(item.scorer)(item, context)
