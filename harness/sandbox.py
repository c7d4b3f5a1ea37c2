"""Run untrusted programs: bubblewrap isolation, rlimits, a wall clock that kills the whole group.

Inside the sandbox the program sees a read-only view of the system and the Python installation only
(not the project's packages, items, results or the user's data), a private size-limited /tmp, no
network, its own pid namespace, no capabilities, and a cleared environment. Inputs go in as arrays;
outputs come back as arrays which the harness scores outside. See docs/execution.md.
"""

from __future__ import annotations

import contextlib
import enum
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from harness.status import Status

_RUNNER = Path(__file__).with_name("_sandbox_runner.py")
_HIDDEN_PACKAGES = ("iotbench", "harness", "baselines", "gpiot_models")
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime",
              "passwd", "group", "nsswitch.conf")
_PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # keep old-OpenBLAS workarounds
_OUTPUT_CAP = 64 * 1024


class SandboxMode(str, enum.Enum):
    BWRAP = "bwrap"  # full isolation (default)
    PROCESS = "process"  # rlimits + process group only: weaker, for machines without bubblewrap


class SandboxUnavailable(RuntimeError):
    """The requested isolation cannot be provided on this machine."""


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0
    cpu_seconds: int | None = None  # default: the wall-clock limit, rounded up
    memory_mb: int = 4096  # RLIMIT_AS; below ~1 GiB numpy/scipy imports start failing
    file_mb: int = 64  # RLIMIT_FSIZE: largest file the program may write
    tmp_mb: int = 256  # size of the private /tmp


@dataclass
class Execution:
    """What happened when one program ran; `status` is None when it returned normally."""

    status: Status | None
    reason: str = ""
    outputs: list[np.ndarray | None] = field(default_factory=list)
    invalid: dict[int, str] = field(default_factory=dict)
    call_seconds: list[float] = field(default_factory=list)  # per call, seconds
    wall_seconds: float = 0.0  # the whole run, interpreter start included
    peak_memory_mb: float | None = None  # peak RSS of the program's process tree (kernel rusage)
    stdout: str = ""
    stderr: str = ""


@dataclass(frozen=True)
class Job:
    """One program to run: its code, the function to call, and the calls to make."""

    code: str
    entry_point: str
    calls: Sequence[Call]


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
        return ("bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: "
                "apt-get install bubblewrap) or pass --sandbox=process to run generated code "
                "with much weaker isolation")
    probe = subprocess.run([exe, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent",
                            "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "no message"
        return (f"bubblewrap is installed but cannot create namespaces here ({detail}); "
                "pass --sandbox=process to run generated code with much weaker isolation")
    return None


def _package_dirs() -> list[str]:
    dirs = []
    for name in _HIDDEN_PACKAGES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            dirs.append(os.path.realpath(location))
    return dirs


def _bwrap_argv(in_dir: Path, out_dir: Path, limits: Limits) -> list[str]:
    argv = ["bwrap", "--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL",
            "--clearenv"]
    for path in _SYSTEM_DIRS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for name in _ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    prefixes.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    for prefix in sorted(prefixes):
        argv += ["--ro-bind", prefix, prefix]
    for hidden in _package_dirs():
        if any(hidden.startswith(prefix + os.sep) for prefix in prefixes):
            argv += ["--tmpfs", hidden]  # a non-editable install: mask it
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp",
             "--ro-bind", str(in_dir), "/job/in", "--bind", str(out_dir), "/job/out",
             "--chdir", "/tmp"]
    return argv


def _environment() -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
           "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[var] = "1"
    env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
    return env


def _write_job(in_dir: Path, code: str, entry_point: str, calls: Sequence[Call],
               limits: Limits) -> None:
    shutil.copyfile(_RUNNER, in_dir / "runner.py")
    (in_dir / "candidate.py").write_text(code, encoding="utf-8", errors="surrogateescape")
    arrays: dict[str, np.ndarray] = {}
    job_calls = []
    for index, call in enumerate(calls):
        keys: dict[str, str] = {}
        for name, value in call.arrays.items():
            keys[name] = f"c{index}_{len(keys)}"
            arrays[keys[name]] = np.asarray(value)
        job_calls.append({"arrays": keys, "scalars": dict(call.scalars)})
    np.savez(in_dir / "inputs.npz", allow_pickle=False, **arrays)
    cpu = limits.cpu_seconds or int(limits.wall_seconds) + 1
    job = {"entry_point": entry_point, "calls": job_calls,
           "limits": {"memory_bytes": limits.memory_mb * 2**20, "cpu_seconds": cpu,
                      "file_bytes": limits.file_mb * 2**20}}
    (in_dir / "job.json").write_text(json.dumps(job), encoding="utf-8")


def _read_capped(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(_OUTPUT_CAP + 1)
    text = data[:_OUTPUT_CAP].decode("utf-8", errors="replace")
    return text + ("\n[... output truncated]" if len(data) > _OUTPUT_CAP else "")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _wait(process: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, int]:
    """Wait until exit or deadline; (exit code or None on timeout, peak RSS in KiB via wait4).

    wait4 reports the largest resident set of the child and of the descendants it reaped, as
    accounted by the kernel: the program cannot forge it.
    """
    delay = 0.001
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, int(usage.ru_maxrss)
        if time.perf_counter() >= deadline:
            return None, 0
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def _status_from_exit(returncode: int, mode: SandboxMode) -> tuple[Status, str]:
    signum = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    if mode is SandboxMode.BWRAP and returncode < 0:
        signum = 0  # bwrap itself was signalled: not the program
    if signum == signal.SIGXCPU:
        return Status.TIMEOUT, "CPU-time limit exceeded"
    if signum == signal.SIGKILL:
        return Status.OOM, "killed by SIGKILL (out of memory)"
    if signum == signal.SIGXFSZ:
        return Status.RUNTIME_ERROR, "file-size limit exceeded"
    if signum:
        return Status.RUNTIME_ERROR, f"killed by {signal.Signals(signum).name}"
    return Status.RUNTIME_ERROR, f"exited with code {returncode} before returning a result"


def _collect(out_dir: Path, calls: int) -> Execution:
    try:
        report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
        status, reason = str(report["status"]), str(report.get("reason", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return Execution(Status.RUNTIME_ERROR, "the program left no readable report")
    if status != "completed":
        return Execution(Status(status) if status in Status._value2member_map_ else
                         Status.RUNTIME_ERROR, reason)
    invalid = {int(k): str(v) for k, v in dict(report.get("invalid", {})).items()}
    outputs: list[np.ndarray | None] = []
    try:
        with np.load(out_dir / "outputs.npz", allow_pickle=False) as saved:
            for index in range(calls):
                key = f"out{index}"
                outputs.append(np.asarray(saved[key]) if key in saved.files else None)
    except (OSError, ValueError) as exc:
        return Execution(Status.RUNTIME_ERROR, f"unreadable outputs: {exc}")
    seconds = [float(s) for s in report.get("call_seconds", [])]
    peak_kb = float(report.get("peak_rss_kb") or 0)
    return Execution(None, "", outputs, invalid, seconds, peak_memory_mb=peak_kb / 1024 or None)


def run_functions(jobs: Sequence[Job], limits: Limits = Limits(),
                  mode: SandboxMode = SandboxMode.BWRAP) -> list[Execution]:
    """Run several programs, each in its own sandbox; results in the order of `jobs`."""
    return [run_function(job.code, job.entry_point, job.calls, limits, mode) for job in jobs]


def run_function(code: str, entry_point: str, calls: Sequence[Call], limits: Limits = Limits(),
                 mode: SandboxMode = SandboxMode.BWRAP) -> Execution:
    """Define `code` in a fresh sandboxed interpreter and call `entry_point` once per call."""
    if mode is SandboxMode.BWRAP:
        problem = bwrap_problem()
        if problem is not None:
            raise SandboxUnavailable(problem)
    else:
        warnings.warn("--sandbox=process: generated code runs without filesystem, network or pid "
                      "isolation", stacklevel=2)
    with tempfile.TemporaryDirectory(prefix="iotbench-job-") as tmp:
        in_dir, out_dir = Path(tmp, "in"), Path(tmp, "out")
        in_dir.mkdir()
        out_dir.mkdir()
        _write_job(in_dir, code, entry_point, calls, limits)
        python = [sys.executable, "-I", "-B"]
        if mode is SandboxMode.BWRAP:
            argv = [*_bwrap_argv(in_dir, out_dir, limits), *python,
                    "/job/in/runner.py", "/job/in", "/job/out"]
        else:
            argv = [*python, str(in_dir / "runner.py"), str(in_dir), str(out_dir)]
        stdout_path, stderr_path = Path(tmp, "stdout"), Path(tmp, "stderr")
        start = time.perf_counter()
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                       env=_environment(), start_new_session=True,
                                       cwd=tmp if mode is SandboxMode.PROCESS else None)
            returncode, peak_kb = _wait(process, start + limits.wall_seconds)
            _kill_group(process)  # also reaps anything the program left behind
        elapsed = time.perf_counter() - start
        if returncode is None:
            result = Execution(Status.TIMEOUT, f"wall-clock limit of {limits.wall_seconds:g} s")
        elif (out_dir / "report.json").exists():
            result = _collect(out_dir, len(calls))
        else:
            result = Execution(*_status_from_exit(returncode, mode))
        result.wall_seconds = elapsed
        if mode is SandboxMode.PROCESS or result.peak_memory_mb is None:
            # wait4 sees through a plain subprocess; under bwrap's pid namespace it sees only
            # bwrap, so there the driver's own rusage report is used (advisory until the
            # warm-worker design measures the program from its parent inside the sandbox).
            result.peak_memory_mb = peak_kb / 1024 if peak_kb else result.peak_memory_mb
        result.stdout, result.stderr = _read_capped(stdout_path), _read_capped(stderr_path)
        return result
