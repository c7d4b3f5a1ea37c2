"""The pytest plugin (entry point ``pytest11: iotbench``): options, fixtures, results at the end.

Inert unless a test asks for the ``iotbench_item`` fixture: IoTBench's own test module does, and so
can a user's ``test_*.py`` in their own repository::

    def test_my_model(iotbench_item, iotbench_session):
        result = iotbench_session.evaluate(iotbench_item)
        assert result.metrics["pass@1"] > 0.5
"""

from __future__ import annotations

import difflib
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest

from harness.adapters import ADAPTERS, AdapterError
from harness.compare import DEFAULT_TOLERANCE, Baseline
from harness.progress import Progress, wanted
from harness.registry import RegistryError
from harness.results import ResultsError, ResultsFile
from harness.samples import SamplesError, read_samples
from harness.sandbox import SandboxMode, bwrap_problem
from iotbench.catalog import load_items
from iotbench.item import Item, ItemError
from iotbench.scorers import DATA_SOURCES
from iotbench.session import DEFAULT_MODEL, BenchmarkSession, RunOptions

SESSION_KEY = pytest.StashKey[BenchmarkSession]()
OUTCOME_KEY = pytest.StashKey[tuple[Path, Path, ResultsFile]]()
FIXTURE = "iotbench_item"


def pytest_addoption(parser: pytest.Parser) -> None:
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
        "--progress",
        default="auto",
        choices=["auto", "on", "off"],
        help="progress bar on stderr: item, phase (generating/scoring), items done "
        "(auto: when stderr is a terminal; never in xdist workers)",
    )


def _items(config: pytest.Config) -> tuple[Item, ...]:
    root = config.getoption("items_dir")
    try:
        if root is None:
            return load_items()
        if not Path(root).is_dir():
            raise ItemError(f"--items-dir {root}: not a directory")
        return load_items(Path(root).resolve())
    except ItemError as exc:
        raise pytest.UsageError(str(exc)) from None


def _check_submission(config: pytest.Config, path: Path) -> None:
    """Every sample must name a current item at its current version; else one usage error."""
    items = {item.id: item for item in _items(config)}
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


def _options(config: pytest.Config) -> RunOptions:
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
        _check_submission(config, Path(samples))
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


def _baseline(config: pytest.Config) -> Baseline | None:
    path = config.getoption("compare")
    if path is None:
        return None
    try:
        return Baseline(Path(path), config.getoption("tolerance"))
    except (ResultsError, ValueError) as exc:
        raise pytest.UsageError(f"--compare: {exc}") from None


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SESSION_KEY] = BenchmarkSession(_options(config), baseline=_baseline(config))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if FIXTURE in metafunc.fixturenames:
        items = _items(metafunc.config)
        metafunc.parametrize(FIXTURE, items, ids=[item.id for item in items])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Count the benchmark items that will run (after -k/-m deselection); check the sandbox."""
    config = session.config
    bench = [item for item in session.items if FIXTURE in getattr(item, "fixturenames", ())]
    bench_session = config.stash[SESSION_KEY]
    bench_session.collected = len(bench)
    if not _is_worker(config) and wanted(config.getoption("progress"), sys.__stderr__):
        bench_session.progress = _progress(config, len(bench))
    if bench and config.stash[SESSION_KEY].options.sandbox is SandboxMode.BWRAP:
        problem = bwrap_problem()
        if problem is not None:
            raise pytest.UsageError(f"cannot run generated code safely: {problem}")


def _progress(config: pytest.Config, total: int) -> Progress:
    capture = config.pluginmanager.getplugin("capturemanager")
    return Progress(
        total,
        enabled=True,
        uncaptured=(capture.global_and_fixture_disabled if capture is not None else nullcontext),
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """pytest-xdist controller: the items run in workers, so the bar counts their reports."""
    config = node.config
    if config.pluginmanager.has_plugin("iotbench-progress") or not wanted(
        config.getoption("progress"), sys.__stderr__
    ):
        return
    item_ids = {f"[{item.id}]" for item in _items(config)}
    total = sum(1 for test_id in ids if test_id[test_id.rfind("[") :] in item_ids)
    config.pluginmanager.register(_ReportedProgress(_progress(config, total)), "iotbench-progress")


class _ReportedProgress:
    """Under pytest-xdist the controller's bar advances as the workers report their items."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.progress.advance()


@pytest.fixture(scope="session")
def iotbench_session(request: pytest.FixtureRequest) -> BenchmarkSession:
    """The run's benchmark session: adapter, evaluation, collected results."""
    return request.config.stash[SESSION_KEY]


def evaluate_item(session: BenchmarkSession, item: Item) -> None:
    """Evaluate for IoTBench's own test module: adapter faults and harness errors fail the test."""
    if not session.has_samples(item):
        pytest.skip(f"{item.id}: the samples file has no samples for this item")
    try:
        result = session.evaluate(item)
    except AdapterError as exc:
        pytest.fail(f"model adapter: {exc}", pytrace=False)
    broken = [s for s in result.samples if s.status.value == "harness_error"]
    if broken:
        pytest.fail(
            f"{len(broken)} sample(s) hit a harness error: {broken[0].reason}", pytrace=False
        )
    if session.baseline is not None:
        comparison = session.baseline.compare(result.to_dict())
        if comparison is not None and comparison.regressed:
            pytest.fail(
                f"{item.id} regressed against {session.baseline.path.name} "
                f"(tolerance {session.baseline.tolerance}):\n{comparison.table()}",
                pytrace=False,
            )


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    bench = config.stash.get(SESSION_KEY, None)
    if bench is None:
        return
    if _is_worker(config):
        config.workeroutput["iotbench"] = bench.export()  # type: ignore[attr-defined]
        return
    bench.progress.close()
    reported = config.pluginmanager.get_plugin("iotbench-progress")
    if reported is not None:
        reported.progress.close()
    try:
        outcome = bench.finish()
    except (ResultsError, OSError, AdapterError) as exc:
        session.config.get_terminal_writer().line(
            f"iotbench: could not write results: {exc}", red=True
        )
        session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
        return
    if outcome is not None:
        config.stash[OUTCOME_KEY] = outcome


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: fold a finished worker's results into the controller's session."""
    exported = getattr(node, "workeroutput", {}).get("iotbench")
    if exported:
        node.config.stash[SESSION_KEY].merge(exported)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    outcome = config.stash.get(OUTCOME_KEY, None)
    if outcome is None:
        return
    from harness.leaderboard.markdown import row_for

    results_path, leaderboard_path, results = outcome
    tr = terminalreporter
    tr.section("IoTBench")
    for item in results["items"]:
        metrics = ", ".join(
            f"{k}={v:.3f}" for k, v in item["metrics"].items() if "[" not in k
        )  # per-record/per-class details stay in the file
        counts = ", ".join(f"{k}: {v}" for k, v in item["status_counts"].items())
        tr.write_line(f"{item['id']} v{item['version']} (n={item['n']}; {counts}): {metrics}")
    if not results["complete"]:
        tr.write_line("run incomplete: not every collected item was scored", yellow=True)
    tr.write_line(f"results: {results_path}")
    tr.write_line(f"leaderboard: {leaderboard_path}")
    header, row = row_for(results)
    tr.write_line(header)
    tr.write_line(row)
    baseline = config.stash[SESSION_KEY].baseline
    if baseline is not None:
        tr.section(f"IoTBench comparison with {baseline.path.name}")
        for item in results["items"]:
            comparison = baseline.compare(item)
            if comparison is None:
                tr.write_line(f"{item['id']}: not in the baseline")
                continue
            verdict = "REGRESSED" if comparison.regressed else "ok"
            tr.write_line(f"{item['id']}: {verdict}", red=comparison.regressed)
            tr.write_line(comparison.table())
