"""The command-line options of a benchmark run, checked up front into `RunOptions`.

Every option is validated when pytest starts, so a bad value is a one-line usage error before
anything is generated or scored; the files a run reads and writes are checked in
`iotbench.preflight`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from harness.adapter_options import split_options
from harness.adapters import ADAPTERS, AdapterError
from harness.compare import DEFAULT_ALPHA, DEFAULT_TOLERANCE, Baseline, pick_baseline
from harness.completions import DEFAULT_MAX_COMPLETION_KB
from harness.metrics.analysis import DEFAULT_ANALYSIS_SECONDS
from harness.metrics.embedding import EmbeddingError, check_embedder
from harness.progress import MODES as PROGRESS_MODES
from harness.registry import RegistryError
from harness.results import read_results
from harness.sandbox import SandboxMode
from iotbench.data.seeds import check_data_seed, draw_data_seed
from iotbench.preflight import OptionSource, check_submission, run_items
from iotbench.scorers import DATA_SOURCES
from iotbench.session import DEFAULT_MODEL, RunOptions
from iotbench.sharding import parse_shard

DATA_SEED_KEY = "iotbench_data_seed"  # how the xdist controller hands its data seed to workers


def add_options(parser: pytest.Parser) -> None:
    """Register the command-line options of a benchmark run."""
    group = parser.getgroup("iotbench", "IoTBench: benchmark code models on IoT programming")
    group.addoption(
        "--model",
        default=None,
        metavar="SPEC",
        help=f"model adapter spec, e.g. hf:PATH or replay:FILE (default: "
        f"{DEFAULT_MODEL}, the items' reference solutions)",
    )
    group.addoption(
        "--samples",
        default=None,
        metavar="FILE",
        help="score completions from a samples file (JSON lines) instead of generating",
    )
    group.addoption(
        "--n-samples",
        default=None,
        metavar="N",
        help="completions per item (default 20; --samples: as many as the file has)",
    )
    group.addoption(
        "--results-dir",
        default="results",
        metavar="DIR",
        help="where the results JSON, samples file and LEADERBOARD.md go (default: results)",
    )
    group.addoption(
        "--sandbox",
        default=SandboxMode.BWRAP.value,
        help="bwrap (default): bubblewrap isolation; process: rlimits only, weaker",
    )
    group.addoption(
        "--time-limit",
        default=None,
        metavar="SECONDS",
        help="wall-clock limit per program run, overriding each item's own limit",
    )
    group.addoption(
        "--iot-data",
        action="append",
        default=[],
        metavar="KEY=SOURCE",
        help="use a real dataset instead of the synthetic one, e.g. "
        "hd=wfdb:DIR (repeatable; see docs/applications.md)",
    )
    group.addoption(
        "--items-dir",
        default=None,
        metavar="DIR",
        help="load items from DIR (one folder per item) instead of the built-in set",
    )
    group.addoption(
        "--cache-dir",
        default=None,
        metavar="DIR",
        help="generation cache, so a killed run resumes (default: RESULTS_DIR/.cache)",
    )
    group.addoption(
        "--no-cache",
        action="store_true",
        help="always generate afresh; do not read or write the generation cache",
    )
    group.addoption(
        "--compare",
        default=None,
        metavar="BASE.json|DIR",
        help="regression gate against this results file (or a directory's newest run of the "
        "same model): fails on a significant drop larger than --tolerance, per item, split "
        "and headline (docs/ci.md)",
    )
    group.addoption(
        "--tolerance",
        default=DEFAULT_TOLERANCE,
        metavar="T",
        help=f"practical margin: absolute drop --compare lets pass (default {DEFAULT_TOLERANCE})",
    )
    group.addoption(
        "--compare-alpha",
        default=DEFAULT_ALPHA,
        metavar="A",
        help=f"significance level of the --compare gate (default {DEFAULT_ALPHA})",
    )
    group.addoption(
        "--judge",
        default=None,
        metavar="SPEC",
        help="also rate each decomposition with this model (any --model spec, e.g. "
        "openai:MODEL,base_url=URL): metric stc_judge beside the embedding stc (docs/metrics.md)",
    )
    group.addoption(
        "--embedder",
        default="minilm",
        metavar="NAME",
        help="embedding model for similarity metrics: minilm (offline default) or "
        "codet5p[:DIR] (the paper's CodeT5+, if you have it locally)",
    )
    group.addoption("--temperature", default=0.8, help="sampling temperature")
    group.addoption("--top-p", default=0.95, help="nucleus sampling probability")
    group.addoption(
        "--max-new-tokens",
        default=1024,
        metavar="N",
        help="longest completion, in tokens",
    )
    group.addoption("--seed", default=1234, help="generation seed")
    group.addoption(
        "--max-completion-kb",
        default=DEFAULT_MAX_COMPLETION_KB,
        metavar="KB",
        help=f"largest completion scored (default {DEFAULT_MAX_COMPLETION_KB}); a larger one is "
        "a syntax_error, never extracted or analysed",
    )
    group.addoption(
        "--analysis-time-limit",
        default=DEFAULT_ANALYSIS_SECONDS,
        metavar="SECONDS",
        help=f"time for each static analysis of one program (default {DEFAULT_ANALYSIS_SECONDS:g});"
        " beyond it that program's quality or similarity metrics are missing, with the reason",
    )
    group.addoption(
        "--data-seed",
        default=None,
        metavar="N",
        help="seed of the hidden data (synthetic records, task items' signals); default: drawn "
        "anew for every run and recorded in the results file, so a run can be reproduced",
    )
    group.addoption(
        "--shard",
        default=None,
        metavar="K/N",
        help="score only shard K of N (balanced by measured cost, the same on every machine); "
        "join the shards' results with `iotbench merge` (docs/scaling.md)",
    )
    group.addoption(
        "--iotbench-details",
        action="store_true",
        help="end the run with one line per item (metrics, statuses), as -v does; by default "
        "the summary is one table of splits and the leaderboard row",
    )
    group.addoption(
        "--progress",
        default="auto",
        help="progress bar on stderr: item, phase (generating/scoring), items done "
        "(auto: when stderr is a terminal; never in xdist workers)",
    )


CHOICES = {"sandbox": tuple(m.value for m in SandboxMode), "progress": PROGRESS_MODES}
_RANGES: dict[str, tuple[Callable[[float], bool], str]] = {  # option: (in range, as said)
    "time-limit": (lambda x: x > 0, "> 0 seconds"),
    "temperature": (lambda x: x >= 0, ">= 0"),
    "top-p": (lambda x: 0 < x <= 1, "in (0, 1]"),
    "tolerance": (lambda x: x >= 0, "a finite number >= 0"),
    "compare-alpha": (lambda x: 0 < x < 1, "in (0, 1)"),
    "analysis-time-limit": (lambda x: x > 0, "> 0 seconds"),
}


def _int(config: OptionSource, name: str) -> int | None:
    """An integer option as given (numbers and choices are checked here, not by argparse, so
    a bad value is one line naming the option)."""
    value = config.getoption(name.replace("-", "_"))
    try:
        return None if value is None else int(str(value).strip())
    except ValueError:
        raise pytest.UsageError(f"--{name} must be an integer, got {value!r}") from None


def _float(config: OptionSource, name: str) -> float | None:
    value = config.getoption(name.replace("-", "_"))
    try:
        return None if value is None else float(str(value).strip())
    except ValueError:
        raise pytest.UsageError(f"--{name} must be a number, got {value!r}") from None


def _check_numbers(config: OptionSource) -> None:
    """Every numeric option a finite number in range (NaN compares false with everything),
    every choice one of its values."""
    for name, allowed in CHOICES.items():
        if config.getoption(name) not in allowed:
            raise pytest.UsageError(
                f"--{name} must be one of {', '.join(allowed)}, got {config.getoption(name)!r}"
            )
    _int(config, "seed")  # any integer
    for name in ("n-samples", "max-new-tokens", "max-completion-kb"):
        number = _int(config, name)
        if number is not None and number < 1:
            raise pytest.UsageError(f"--{name} must be >= 1, got {number}")
    for name, (ok, expected) in _RANGES.items():
        value = _float(config, name)
        if value is not None and not (ok(value) and math.isfinite(value)):
            raise pytest.UsageError(
                f"--{name} must be {expected}, got {config.getoption(name.replace('-', '_'))}"
            )


def _check_model(config: OptionSource, spec: str, option: str = "--model") -> None:
    """The adapter exists and, where it can say so without loading a model, its argument is
    usable; a `replay:` file is checked as --samples is (items and versions)."""
    name, _, argument = spec.strip().partition(":")
    if not name:
        raise pytest.UsageError(f"{option}: empty model spec {spec!r}; expected NAME or NAME:ARG")
    try:
        factory = ADAPTERS.get(name)
        check = getattr(factory, "check_spec", None)
        if callable(check):
            check(argument)
        if name == "replay":
            check_submission(config, Path(split_options(argument)[0]), f"--model {spec}")
    except (RegistryError, AdapterError) as exc:
        raise pytest.UsageError(f"{option}: {exc}") from None


def run_options(config: OptionSource) -> RunOptions:
    """The run's options, checked: a bad value is a one-line usage error before any work."""
    model, samples = config.getoption("model"), config.getoption("samples")
    if model is not None and samples:
        raise pytest.UsageError(
            "--model and --samples exclude each other: generate with a model, "
            "or score a samples file"
        )
    _check_numbers(config)
    shard = config.getoption("shard")
    if shard is not None:
        try:
            parse_shard(str(shard))
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
    spec = DEFAULT_MODEL if model is None else str(model)
    _check_model(config, spec)
    try:
        check_embedder(str(config.getoption("embedder")))
    except EmbeddingError as exc:
        raise pytest.UsageError(f"--embedder: {exc}") from None
    judge = config.getoption("judge")
    if judge is not None:
        _check_model(config, str(judge), "--judge")
    if samples:
        check_submission(config, Path(str(samples)))
    elif config.getoption("items_dir") is not None:
        run_items(config)  # a bad or empty folder fails now, not at collection
    data = []
    for entry in cast(list[str], config.getoption("iot_data")):
        key, eq, source = entry.partition("=")
        if not eq or not key.strip() or not source.strip():
            raise pytest.UsageError(f"--iot-data {entry!r}: expected KEY=SOURCE, e.g. hd=wfdb:DIR")
        key, source = key.strip(), source.strip()
        try:
            DATA_SOURCES.get(key)(source)
        except (RegistryError, ValueError) as exc:
            raise pytest.UsageError(f"--iot-data {entry!r}: {exc}") from None
        data.append((key, source))
    results_dir = Path(str(config.getoption("results_dir")))
    cache_dir = config.getoption("cache_dir")
    get = config.getoption
    return RunOptions(
        data_seed=_data_seed(config),
        model=spec.strip(),
        cache_dir=None if get("no_cache") else Path(str(cache_dir or results_dir / ".cache")),
        embedder=str(get("embedder")),
        samples=Path(str(samples)) if samples else None,
        n_samples=_int(config, "n-samples"),
        results_dir=results_dir,
        sandbox=SandboxMode(get("sandbox")),
        time_limit=_float(config, "time-limit"),
        data=tuple(data),
        temperature=float(str(get("temperature"))),
        seed=int(str(get("seed"))),
        top_p=float(str(get("top_p"))),
        max_new_tokens=int(str(get("max_new_tokens"))),
        max_completion_kb=int(str(get("max_completion_kb"))),
        analysis_seconds=float(str(get("analysis_time_limit"))),
        judge=None if judge is None else str(judge).strip(),
    )


def _data_seed(config: OptionSource) -> int:
    """--data-seed, else the seed the xdist controller drew for the run, else the --compare
    baseline's seed (a retrain is compared on the same hidden data), else a fresh one."""
    given = _int(config, "data-seed")
    if given is not None:
        try:
            return check_data_seed(given, "--data-seed")
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
    drawn = getattr(config, "workerinput", {}).get(DATA_SEED_KEY)
    if drawn is not None:
        return int(drawn)
    compare = config.getoption("compare")
    if compare is not None:
        try:
            path = pick_baseline(Path(str(compare)), _model_spec(config))
            recorded = read_results(path).get("data_seed")
        except ValueError as exc:  # ResultsError included
            raise pytest.UsageError(f"--compare: {exc}") from None
        if recorded is not None:
            return int(recorded)
    return draw_data_seed()


def _model_spec(config: OptionSource) -> str:
    """The spec the run's results file will record as its model."""
    model, samples = config.getoption("model"), config.getoption("samples")
    if samples:
        return f"replay:{samples}"
    return DEFAULT_MODEL if model is None else str(model).strip()


def baseline(config: OptionSource, options: RunOptions) -> Baseline | None:
    """The --compare baseline, checked: same data sources as the run; else a usage error."""
    path = config.getoption("compare")
    if path is None:
        return None
    try:
        base = Baseline(
            pick_baseline(Path(str(path)), _model_spec(config)),
            float(str(config.getoption("tolerance"))),
            float(str(config.getoption("compare_alpha"))),
        )
        base.check_data(dict(options.data))
        return base
    except ValueError as exc:  # ResultsError included
        raise pytest.UsageError(f"--compare: {exc}") from None
