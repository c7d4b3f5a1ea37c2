"""Run untrusted programs: bubblewrap isolation, warm workers, limits the program cannot move.

Each program runs in a fresh fork of a sandbox worker that has already imported numpy/scipy (and
whatever `Limits.preload` names), inside bubblewrap: a read-only view of the system and the
Python installation only (not the project's packages, items, results or the user's data), a
private size-limited /tmp and /dev/shm of its own, no network, its own pid namespace, no
capabilities, a cleared environment, rlimits, and a wall clock that kills everything it started.
Inputs go in call by call; outputs come back as arrays which the harness scores outside. Hidden
tests (`run_tests`) run in a separate process the program cannot read. See docs/execution.md.
"""

from __future__ import annotations

import atexit
import enum
import os
import shutil
import subprocess
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from harness.sandbox import outcome
from harness.sandbox import pool as pool_module
from harness.sandbox.worker import wire
from harness.status import Status

DEFAULT_PRELOAD = ("numpy", "scipy.signal")
TESTS_PRELOAD = ("pytest", "hypothesis", "_hypothesis_pytestplugin")  # added for hidden tests


class SandboxMode(str, enum.Enum):
    BWRAP = "bwrap"  # full isolation (default)
    PROCESS = "process"  # rlimits + process group only: weaker, for machines without bubblewrap


class SandboxUnavailable(RuntimeError):
    """The requested isolation cannot be provided on this machine."""


@dataclass(frozen=True)
class Limits:
    """What one program may use. Memory and time are the program's own, on top of the worker."""

    wall_seconds: float = 60.0  # from the program's fork to its last result
    cpu_seconds: int | None = None  # per process; default: the wall-clock limit, rounded up
    memory_mb: int = 4096  # address space on top of the preloaded libraries (RLIMIT_AS)
    file_mb: int = 64  # RLIMIT_FSIZE: largest file the program may write
    tmp_mb: int = 256  # size of its private /tmp (and of its /dev/shm)
    output_mb: int = 64  # largest return value of one call
    max_processes: int = 128  # processes + threads alive at once
    preload: tuple[str, ...] = DEFAULT_PRELOAD  # imported by the worker before it forks

    def __post_init__(self) -> None:
        object.__setattr__(self, "preload", tuple(self.preload))
        for name in (
            "wall_seconds",
            "memory_mb",
            "file_mb",
            "tmp_mb",
            "output_mb",
            "max_processes",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be > 0, got {getattr(self, name)!r}")
        if self.cpu_seconds is not None and self.cpu_seconds <= 0:
            raise ValueError(f"Limits.cpu_seconds must be > 0, got {self.cpu_seconds!r}")

    @classmethod
    def relative_to(
        cls, reference_seconds: float, factor: float = 4.0, floor: float = 2.0, **fields: Any
    ) -> Limits:
        """Wall clock max(floor, factor × the reference solution's time), as evalplus does."""
        if reference_seconds < 0 or factor <= 0 or floor <= 0:
            raise ValueError(
                f"Limits.relative_to needs reference_seconds >= 0 and factor, floor "
                f"> 0; got {reference_seconds}, {factor}, {floor}"
            )
        return cls(wall_seconds=max(floor, factor * reference_seconds), **fields)

    def as_job(self) -> dict[str, Any]:
        values = asdict(self)
        values["cpu_seconds"] = self.cpu_seconds or int(self.wall_seconds) + 1
        values["preload"] = list(self.preload)
        return values


@dataclass
class Execution:
    """What happened when one program ran; `status` is None when it returned normally."""

    status: Status | None
    reason: str = ""
    outputs: list[np.ndarray | None] = field(default_factory=list)
    invalid: dict[int, str] = field(default_factory=dict)
    call_seconds: list[float] = field(default_factory=list)  # per call, timed by the worker
    wall_seconds: float = 0.0  # the whole run, from fork to exit
    peak_memory_mb: float | None = None  # largest peak RSS among its processes (kernel wait4)
    stdout: str = ""
    stderr: str = ""
    baseline_memory_mb: float | None = None  # peak RSS of an empty program in the same worker
    tests: dict[str, str] = field(default_factory=dict)  # run_tests: test id -> outcome
    # run_tests: the passed tests during which the program raised an exception (e.g. a test of
    # `pytest.raises(ValueError)`: any program that always raises ValueError passes it).
    raised: tuple[str, ...] = ()

    @property
    def own_memory_mb(self) -> float | None:
        """Peak memory the program added to the worker's (preloaded libraries excluded)."""
        if self.peak_memory_mb is None or self.baseline_memory_mb is None:
            return None
        return max(0.0, self.peak_memory_mb - self.baseline_memory_mb)


@dataclass(frozen=True)
class Job:
    """One program to run: its code, the function to call, and the calls to make."""

    code: str
    entry_point: str
    calls: Sequence[Call]
    limits: Limits | None = None  # overrides the batch's limits for this job


@dataclass(frozen=True)
class TestJob:
    """One program to check against hidden pytest tests that import it as ``candidate``."""

    __test__ = False  # not a pytest test class
    code: str
    test_code: str
    limits: Limits | None = None  # overrides the batch's limits for this job
    # Environment variables of the hidden-test process only (e.g. IOTBENCH_DATA_SEED, from which
    # the tests draw their data); the program's process never sees them.
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """Keyword arguments for one call of the entry point: arrays and JSON scalars.

    An array named ``"param.key"`` reaches the program inside a dict: ``param={"key": array}``
    (e.g. one array per sensor modality).
    """

    arrays: Mapping[str, np.ndarray]
    scalars: Mapping[str, float | int | str | bool] = field(default_factory=dict)


@lru_cache(maxsize=1)
def bwrap_problem() -> str | None:
    """None if bubblewrap works here, else a one-line explanation with the fix."""
    exe = shutil.which("bwrap")
    if exe is None:
        return (
            "bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: "
            "apt-get install bubblewrap) or pass --sandbox=process to run generated code "
            "with much weaker isolation"
        )
    probe = subprocess.run(
        [exe, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "no message"
        return (
            f"bubblewrap is installed but cannot create namespaces here ({detail}); "
            "pass --sandbox=process to run generated code with much weaker isolation"
        )
    return None


def default_workers() -> int:
    """All usable cores, shared out between pytest-xdist workers when under xdist."""
    override = os.environ.get("IOTBENCH_SANDBOX_WORKERS", "").strip()
    if override:
        if not override.isdigit() or int(override) < 1:
            raise ValueError(
                f"IOTBENCH_SANDBOX_WORKERS must be a positive integer, got {override!r}"
            )
        return int(override)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    share = os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")
    return max(1, (cores or 1) // max(1, int(share) if share.isdigit() else 1))


_POOLS: dict[SandboxMode, pool_module.Pool] = {}
_POOLS_LOCK = threading.Lock()


def _pool(mode: SandboxMode) -> pool_module.Pool:
    with _POOLS_LOCK:
        if mode not in _POOLS:
            isolation = "ns" if mode is SandboxMode.BWRAP else "plain"
            _POOLS[mode] = pool_module.Pool(isolation, default_workers())
        return _POOLS[mode]


@atexit.register
def shutdown() -> None:
    """Stop every sandbox worker (they also die with this process)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown()


def worker_restarts() -> int:
    """How many times a sandbox worker died and was replaced (0 unless something went wrong)."""
    return sum(pool.restarts for pool in _POOLS.values())


def worker_lib_dirs() -> list[str]:
    """The host folders holding each running pool's copy of the worker code (a worker's command
    line names its folder: a test can check that none is left after `shutdown`)."""
    with _POOLS_LOCK:
        return [pool.lib_dir for pool in _POOLS.values()]


def worker_environment(home: str) -> dict[str, str]:
    """The environment every worker and program gets: fixed, single-threaded math libraries."""
    return pool_module.environment(home)


def worker_bwrap_argv(lib_dir: str) -> list[str]:
    """The bubblewrap command line a worker runs under, with `lib_dir` as its code folder."""
    return pool_module.bwrap_argv(lib_dir, pool_module.WORKER_TMP_MB)


def _kwargs(call: Call) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(call.scalars)
    for name, value in call.arrays.items():
        param, dot, part = name.partition(".")
        if dot:  # "X_train.audio" -> X_train={"audio": ...}
            kwargs.setdefault(param, {})[part] = np.asarray(value)
        else:
            kwargs[name] = np.asarray(value)
    return kwargs


def _spec(
    job: Job | TestJob, limits: dict[str, Any], packed: dict[int, list[bytes]]
) -> outcome.Spec:
    """The job as plain data; `packed` shares the encoded calls between jobs with the same calls
    (scorers pass one list for all samples of an item: large inputs are encoded once)."""
    if isinstance(job, TestJob):
        tests_limits = {**limits, "preload": [*limits["preload"], *TESTS_PRELOAD]}
        return outcome.Spec(
            "tests", job.code, tests_limits, test_code=job.test_code, test_env=dict(job.env)
        )
    if id(job.calls) not in packed:
        packed[id(job.calls)] = [wire.pack(_kwargs(call)) for call in job.calls]
    return outcome.Spec("function", job.code, limits, job.entry_point, packed[id(job.calls)])


def _execution(spec: outcome.Spec, result: Any) -> Execution:
    if isinstance(result, pool_module.WorkerLost):
        return Execution(Status.HARNESS_ERROR, str(result)[:1000])
    done, (failure, out, err, tests_report), calls = result
    status, reason, tests = outcome.status_of(spec, done, failure, tests_report)
    execution = Execution(
        status,
        reason,
        tests=tests,
        wall_seconds=float(done["wall"]),
        peak_memory_mb=int(done["peak_kb"]) / 1024 or None,
        baseline_memory_mb=int(done["baseline_kb"]) / 1024 or None,
        stdout=outcome.text(out, int(done["stdout_bytes"])),
        stderr=outcome.text(err, int(done["stderr_bytes"])),
        raised=outcome.raised_tests(tests_report) if spec.kind == "tests" else (),
    )
    for index, (message, payload) in enumerate(calls):
        value, problem = outcome.call_output(str(message["kind"]), payload)
        execution.outputs.append(value)
        execution.call_seconds.append(float(message["seconds"]))
        if problem:
            execution.invalid[index] = problem
    return execution


def run_batch(
    jobs: Sequence[Job | TestJob],
    limits: Limits = Limits(),
    mode: SandboxMode = SandboxMode.BWRAP,
    on_done: Callable[[], object] | None = None,
) -> list[Execution]:
    """Run programs on all sandbox workers; one Execution per job, in the order of `jobs`.
    `on_done` is called (from a worker thread) as each job finishes, e.g. to advance a bar."""
    if mode is SandboxMode.BWRAP:
        problem = bwrap_problem()
        if problem is not None:
            raise SandboxUnavailable(problem)
    else:
        warnings.warn(
            "--sandbox=process: generated code runs without filesystem, network or pid isolation",
            stacklevel=3,
        )
    if not jobs:
        return []
    packed: dict[int, list[bytes]] = {}
    specs = [_spec(job, (job.limits or limits).as_job(), packed) for job in jobs]
    futures = _pool(mode).submit(specs)
    if on_done is not None:
        for future in futures:
            future.add_done_callback(lambda _future: on_done())
    return [_execution(spec, future.result()) for spec, future in zip(specs, futures, strict=True)]


def run_functions(
    jobs: Sequence[Job], limits: Limits = Limits(), mode: SandboxMode = SandboxMode.BWRAP
) -> list[Execution]:
    """Run several programs, each in its own fresh sandboxed process; results in job order."""
    return run_batch(jobs, limits, mode)


def run_function(
    code: str,
    entry_point: str,
    calls: Sequence[Call],
    limits: Limits = Limits(),
    mode: SandboxMode = SandboxMode.BWRAP,
) -> Execution:
    """Define `code` in a fresh sandboxed process and call `entry_point` once per call."""
    return run_batch([Job(code, entry_point, calls)], limits, mode)[0]


def run_tests(
    code: str, test_code: str, limits: Limits = Limits(), mode: SandboxMode = SandboxMode.BWRAP
) -> Execution:
    """Run hidden pytest `test_code` (which imports ``candidate``) against `code`.

    Status PASS when every test passed, FAIL otherwise (reason: the first failure); `tests` has
    each test's outcome. The tests run in their own process; the program cannot read them.
    """
    return run_batch([TestJob(code, test_code)], limits, mode)[0]
