"""The pytest plugin (entry point ``pytest11: iotbench``): options, fixtures, results at the end.

Inert unless a test asks for the ``iotbench_item`` fixture: IoTBench's own test module does, and so
can a user's ``test_*.py`` in their own repository::

    def test_my_model(iotbench_item, iotbench_session):
        result = iotbench_session.evaluate(iotbench_item)
        assert result.metrics["pass@1"] > 0.5
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import nullcontext
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from harness.adapters import AdapterError
from harness.compare import GateReport
from harness.leaderboard import update_leaderboard
from harness.leaderboard.runs import ForeignFileWarning
from harness.progress import Progress, wanted
from harness.results import ResultsError, ResultsFile
from harness.sandbox import SandboxMode, bwrap_problem
from iotbench.item import Item, ItemError
from iotbench.options import DATA_SEED_KEY, add_options, baseline, run_options
from iotbench.preflight import check_outputs, run_items
from iotbench.session import BenchmarkSession
from iotbench.sharding import assign, item_costs, parse_shard
from iotbench.summary import write_summary

SESSION_KEY = pytest.StashKey[BenchmarkSession]()


class Outcome(NamedTuple):
    """What the end of a run wrote: the results file, the leaderboard (or why it was not
    updated) and the foreign files the leaderboard skipped."""

    results_path: Path
    leaderboard: Path | str
    results: ResultsFile
    skipped: list[str]
    gate: GateReport | None = None  # with --compare: the gate over the whole run


OUTCOME_KEY = pytest.StashKey[Outcome]()
CHECKED_KEY = pytest.StashKey[bool]()
FIXTURE = "iotbench_item"
# Generated code is parsed in this process (extraction, radon, pylint, bandit). What its source
# provokes from the parser (invalid escape sequences, `is` with a literal ...) is a property of the
# completion, scored as code quality, not a warning about this run: compile() reports it under the
# module "<unknown>", or the name of the scratch file the analysers read.
GENERATED_CODE_FILTERS = tuple(
    f"ignore::{category}:{module}"
    for category in ("DeprecationWarning", "SyntaxWarning")
    for module in ("<unknown>", r"sample_\d+")
)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.args[:] = [installed_benchmark(arg, config.invocation_params.dir) for arg in config.args]
    options = run_options(config)
    config.stash[SESSION_KEY] = BenchmarkSession(options, baseline=baseline(config, options))


def installed_benchmark(arg: str, invocation_dir: Path) -> str:
    """`pytest iotbench` from any directory: an argument ``iotbench[/...][::...]`` that names no
    path there means the installed benchmark (this package's folder)."""
    path, sep, rest = arg.partition("::")
    parts = Path(path).parts
    if not parts or parts[0] != "iotbench" or (invocation_dir / path).exists():
        return arg
    return str(Path(__file__).parent.joinpath(*parts[1:])) + sep + rest


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if FIXTURE in metafunc.fixturenames:
        items = run_items(metafunc.config)
        metafunc.parametrize(FIXTURE, items, ids=[item.id for item in items])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--shard K/N: deselect the benchmark items of the other shards (the assignment is over
    the whole item set, so -k and the collection order do not change it).
    Benchmark tests (only they) ignore the warnings generated code provokes in the parser."""
    for test in items:
        if FIXTURE in getattr(test, "fixturenames", ()):
            for line in GENERATED_CODE_FILTERS:
                test.add_marker(pytest.mark.filterwarnings(line))
    shard = config.getoption("shard")
    if shard is None:
        return
    number, count = parse_shard(str(shard))
    owner = assign([item.id for item in run_items(config)], count, item_costs())
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for test in items:
        params = getattr(getattr(test, "callspec", None), "params", {})
        item = params.get(FIXTURE)
        mine = item is None or owner.get(item.id) == number
        (keep if mine else drop).append(test)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_collection_finish(session: pytest.Session) -> None:
    """Count the benchmark items that will run (after -k/-m deselection); check the sandbox,
    the results directory and the cache before anything is generated."""
    config = session.config
    bench = [item for item in session.items if FIXTURE in getattr(item, "fixturenames", ())]
    bench_session = config.stash[SESSION_KEY]
    bench_session.collected = len(bench)
    if not _is_worker(config) and wanted(config.getoption("progress"), sys.__stderr__):
        bench_session.progress = _progress(config, len(bench))
    if bench and not _is_worker(config):  # under xdist the controller checks (below)
        _check_outputs(config)
    if bench and config.stash[SESSION_KEY].options.sandbox is SandboxMode.BWRAP:
        problem = bwrap_problem()
        if problem is not None:
            raise pytest.UsageError(f"cannot run generated code safely: {problem}")


def _check_outputs(config: pytest.Config) -> None:
    """Where results and generations go is usable (once per run; a usage error otherwise)."""
    if config.stash.get(CHECKED_KEY, False):
        return
    config.stash[CHECKED_KEY] = True
    option = "--cache-dir" if config.getoption("cache_dir") else "--results-dir"
    check_outputs(config.stash[SESSION_KEY].options, option)


def _progress(config: pytest.Config, total: int) -> Progress:
    capture = config.pluginmanager.getplugin("capturemanager")
    return Progress(
        total,
        enabled=True,
        uncaptured=(capture.global_and_fixture_disabled if capture is not None else nullcontext),
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """pytest-xdist controller: check where results go once the workers found benchmark
    items; the items run in workers, so the progress bar counts their reports."""
    config = node.config
    item_ids = {f"[{item.id}]" for item in run_items(config)}
    total = sum(1 for test_id in ids if test_id[test_id.rfind("[") :] in item_ids)
    if total:
        _check_outputs(config)
    if config.pluginmanager.has_plugin("iotbench-progress") or not wanted(
        config.getoption("progress"), sys.__stderr__
    ):
        return
    config.pluginmanager.register(_ReportedProgress(_progress(config, total)), "iotbench-progress")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`pytest iotbench -n N` with xdist's default distribution: items grouped by kind, so
    workers do not load the same models twice (iotbench/xdist_schedule.py). Runs that do not
    name the benchmark, or that chose a distribution (--dist), are left to xdist."""
    if config.getoption("dist") != "load" or not _names_benchmark(config):
        return None
    from iotbench.xdist_schedule import ByKindScheduling

    kinds = {item.id: item.kind for item in run_items(config)}
    return ByKindScheduling(config, kinds, log)


def _names_benchmark(config: pytest.Config) -> bool:
    bench = Path(__file__).parent.resolve()
    for arg in config.args:
        path = (config.invocation_params.dir / arg.partition("::")[0]).resolve()
        if path == bench or bench in path.parents:
            return True
    return False


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
    """Evaluate for IoTBench's own test module: adapter faults and harness errors fail the test
    (with one line, never a traceback)."""
    try:
        if not session.has_samples(item):
            pytest.skip(f"{item.id}: the samples file has no samples for this item")
        result = session.evaluate(item)
    except AdapterError as exc:
        pytest.fail(f"model adapter: {exc}", pytrace=False)
    except (ItemError, ValueError) as exc:  # the item or its data cannot be scored
        pytest.fail(f"{item.id}: {exc}", pytrace=False)
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """Tell the benchmark session which item's test comes next, so that its scoring can start
    early (BenchmarkSession.evaluate)."""
    bench = item.config.stash.get(SESSION_KEY, None)
    if bench is not None:
        params = getattr(getattr(nextitem, "callspec", None), "params", {})
        upcoming = params.get(FIXTURE)
        bench.upcoming = upcoming if isinstance(upcoming, Item) else None
    return (yield)


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
        written = bench.finish()
    except (ResultsError, OSError, AdapterError) as exc:
        session.config.get_terminal_writer().line(
            f"iotbench: could not write results: {exc}", red=True
        )
        session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
        return
    if written is None:
        return
    results_path, results = written
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ForeignFileWarning)
        try:  # the results file is written: a leaderboard problem is only a warning
            prompts = {item.id: item.prompt for item in run_items(config)}
            board: Path | str = update_leaderboard(bench.options.results_dir, prompts)
        except (ResultsError, OSError) as exc:
            board = f"not updated ({exc})"
    skipped = [str(w.message) for w in caught if issubclass(w.category, ForeignFileWarning)]
    gate = None
    if bench.baseline is not None:
        gate = bench.baseline.gate(results["items"], results.get("data_seed"))
        if gate.regressed:  # exit status 1, as when an item's own test failed
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        _write_job_summary(gate.markdown(bench.baseline.path.name))
    config.stash[OUTCOME_KEY] = Outcome(results_path, board, results, skipped, gate)


def _write_job_summary(markdown: str) -> None:
    """Append the gate's table to the CI job summary when the CI provides one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist controller: every worker scores with the data seed the controller drew."""
    node.workerinput[DATA_SEED_KEY] = node.config.stash[SESSION_KEY].options.data_seed


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
    tr = terminalreporter
    tr.section("IoTBench")
    details = bool(config.getoption("iotbench_details")) or config.getoption("verbose") > 0
    write_summary(
        tr.write_line,
        outcome.results,
        outcome.results_path,
        outcome.leaderboard,
        outcome.skipped,
        details,
    )
    results = outcome.results
    baseline = config.stash[SESSION_KEY].baseline
    if baseline is not None and outcome.gate is not None:
        tr.section(f"IoTBench comparison with {baseline.path.name}")
        tr.write_line(
            f"gate: a drop fails when larger than {baseline.tolerance} and significant at "
            f"alpha {baseline.alpha} (items: Bonferroni over {len(baseline.items)})"
        )
        for line in outcome.gate.lines():
            tr.write_line(line, red="REGRESSED" in line)
        new = 0
        for item in results["items"]:
            comparison = baseline.compare(item)
            if comparison is None:
                new += 1
            elif comparison.regressed:
                tr.write_line(f"{item['id']}: REGRESSED", red=True)
                tr.write_line(comparison.table())
        if new:
            tr.write_line(f"{new} item(s) not in the baseline (not compared)")
