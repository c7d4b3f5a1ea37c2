"""The command-line options of a benchmark run, checked up front into `RunOptions`.

Every option is validated when pytest starts, so a bad value is a one-line usage error before
anything is generated or scored.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from harness.adapters import ADAPTERS
from harness.compare import DEFAULT_TOLERANCE, Baseline
from harness.registry import RegistryError
from harness.results import ResultsError
from harness.samples import SamplesError, read_samples
from harness.sandbox import SandboxMode
from iotbench.catalog import load_items
from iotbench.data.seeds import check_data_seed, draw_data_seed
from iotbench.item import Item, ItemError
from iotbench.scorers import DATA_SOURCES
from iotbench.session import DEFAULT_MODEL, RunOptions

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
        type=int,
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
        choices=[m.value for m in SandboxMode],
        help="bwrap (default): bubblewrap isolation; process: rlimits only, weaker",
    )
    group.addoption(
        "--time-limit",
        type=float,
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
        metavar="BASE.json",
        help="regression gate: fail items whose metrics dropped below this results "
        "file's by more than --tolerance",
    )
    group.addoption(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        metavar="T",
        help=f"absolute drop allowed by --compare (default {DEFAULT_TOLERANCE})",
    )
    group.addoption(
        "--embedder",
        default="minilm",
        metavar="NAME",
        help="embedding model for similarity metrics: minilm (offline default) or "
        "codet5p[:DIR] (the paper's CodeT5+, if you have it locally)",
    )
    group.addoption("--temperature", type=float, default=0.8, help="sampling temperature")
    group.addoption("--top-p", type=float, default=0.95, help="nucleus sampling probability")
    group.addoption(
        "--max-new-tokens",
        type=int,
        default=1024,
        metavar="N",
        help="longest completion, in tokens",
    )
    group.addoption("--seed", type=int, default=1234, help="generation seed")
    group.addoption(
        "--data-seed",
        type=int,
        default=None,
        metavar="N",
        help="seed of the hidden data (synthetic records, task items' signals); default: drawn "
        "anew for every run and recorded in the results file, so a run can be reproduced",
    )
    group.addoption(
        "--progress",
        default="auto",
        choices=["auto", "on", "off"],
        help="progress bar on stderr: item, phase (generating/scoring), items done "
        "(auto: when stderr is a terminal; never in xdist workers)",
    )


def run_items(config: pytest.Config) -> tuple[Item, ...]:
    root = config.getoption("items_dir")
    try:
        if root is None:
            return load_items()
        if not Path(root).is_dir():
            raise ItemError(f"--items-dir {root}: not a directory")
        return load_items(Path(root).resolve())
    except ItemError as exc:
        raise pytest.UsageError(str(exc)) from None


def check_submission(config: pytest.Config, path: Path) -> None:
    """Every sample must name a current item at its current version; else one usage error."""
    items = {item.id: item for item in run_items(config)}
    try:
        samples = read_samples(path)
    except SamplesError as exc:
        raise pytest.UsageError(f"--samples: {exc}") from None
    for sample in samples:
        item = items.get(sample.item_id)
        if item is None:
            close = difflib.get_close_matches(sample.item_id, list(items), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise pytest.UsageError(
                f"--samples: {path}: item {sample.item_id!r} is not an "
                f"IoTBench item{hint} (see `iotbench tasks`)"
            )
        if sample.item_version is not None and sample.item_version != item.version:
            raise pytest.UsageError(
                f"--samples: {path}: samples for {item.id} v{sample.item_version}, but the "
                f"benchmark has v{item.version}: regenerate them for the current prompt"
            )


def run_options(config: pytest.Config) -> RunOptions:
    """The run's options, checked: a bad value is a one-line usage error before any work."""
    model, samples = config.getoption("model"), config.getoption("samples")
    if model and samples:
        raise pytest.UsageError(
            "--model and --samples exclude each other: generate with a model, "
            "or score a samples file"
        )
    n_samples = config.getoption("n_samples")
    if n_samples is not None and n_samples < 1:
        raise pytest.UsageError(f"--n-samples must be >= 1, got {n_samples}")
    spec = model or DEFAULT_MODEL
    try:
        ADAPTERS.get(spec.partition(":")[0])
    except RegistryError as exc:
        raise pytest.UsageError(f"--model: {exc}") from None
    if samples:
        check_submission(config, Path(samples))
    temperature, top_p = config.getoption("temperature"), config.getoption("top_p")
    max_new_tokens = config.getoption("max_new_tokens")
    for name, ok, expected, value in (
        ("temperature", temperature >= 0, ">= 0", temperature),
        ("top-p", 0 < top_p <= 1, "in (0, 1]", top_p),
        ("max-new-tokens", max_new_tokens >= 1, ">= 1", max_new_tokens),
    ):
        if not ok:
            raise pytest.UsageError(f"--{name} must be {expected}, got {value}")
    time_limit = config.getoption("time_limit")
    if time_limit is not None and time_limit <= 0:
        raise pytest.UsageError(f"--time-limit must be > 0 seconds, got {time_limit}")
    data = []
    for entry in config.getoption("iot_data"):
        key, eq, source = entry.partition("=")
        if not eq or not key.strip() or not source.strip():
            raise pytest.UsageError(f"--iot-data {entry!r}: expected KEY=SOURCE, e.g. hd=wfdb:DIR")
        key, source = key.strip(), source.strip()
        try:
            DATA_SOURCES.get(key)(source)
        except (RegistryError, ValueError) as exc:
            raise pytest.UsageError(f"--iot-data {entry!r}: {exc}") from None
        data.append((key, source))
    results_dir = Path(config.getoption("results_dir"))
    cache_dir = (
        None
        if config.getoption("no_cache")
        else Path(config.getoption("cache_dir") or results_dir / ".cache")
    )
    return RunOptions(
        data_seed=_data_seed(config),
        model=spec,
        cache_dir=cache_dir,
        embedder=config.getoption("embedder"),
        samples=Path(samples) if samples else None,
        n_samples=n_samples,
        results_dir=results_dir,
        sandbox=SandboxMode(config.getoption("sandbox")),
        time_limit=time_limit,
        data=tuple(data),
        temperature=config.getoption("temperature"),
        seed=config.getoption("seed"),
        top_p=config.getoption("top_p"),
        max_new_tokens=config.getoption("max_new_tokens"),
    )


def _data_seed(config: pytest.Config) -> int:
    """--data-seed, else the seed the xdist controller drew for the run, else a fresh one."""
    given = config.getoption("data_seed")
    if given is not None:
        try:
            return check_data_seed(given, "--data-seed")
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
    drawn = getattr(config, "workerinput", {}).get(DATA_SEED_KEY)
    return int(drawn) if drawn is not None else draw_data_seed()


def baseline(config: pytest.Config) -> Baseline | None:
    path = config.getoption("compare")
    if path is None:
        return None
    try:
        return Baseline(Path(path), config.getoption("tolerance"))
    except (ResultsError, ValueError) as exc:
        raise pytest.UsageError(f"--compare: {exc}") from None
