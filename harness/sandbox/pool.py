"""Warm sandbox workers on the harness side: start them, feed them jobs, restart them.

A pool keeps one long-lived worker per slot (a thread that owns it: bubblewrap's
--die-with-parent follows the thread that started it). Jobs go through a queue, so a batch
spreads over all slots. A worker that dies while running a program is restarted and the program
is run once more in the fresh worker; if that one dies too the program gets harness_error.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from harness.sandbox.outcome import Spec
from harness.sandbox.worker import wire

WORKER_DIR = Path(__file__).with_name("worker")  # copied whole into the sandbox, nothing else
WORKER_PACKAGE = "sandbox_worker"  # the worker folder's name (and package) inside the sandbox
HIDDEN_PACKAGES = ("iotbench", "harness", "baselines", "gpiot_models")
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "localtime",
    "passwd",
    "group",
    "nsswitch.conf",
)
_PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # keep old-OpenBLAS workarounds
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
STARTUP_SECONDS = 180.0  # first imports of numpy/scipy/torch on a cold disk can be slow
GRACE_SECONDS = 15.0  # how much longer than its wall clock a worker may take to answer
WORKER_TMP_MB = 64
SANDBOX_LIB = "/job/lib"  # where the worker code is mounted inside bubblewrap (read-only)


class WorkerLost(RuntimeError):
    """The worker process ended or stopped answering."""


def environment(home: str = "/tmp") -> dict[str, str]:
    """The environment of every worker (and program): fixed, single-threaded math libraries."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(dict.fromkeys(THREAD_VARS, "1"))
    env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
    return env


def _package_dirs() -> list[str]:
    dirs = []
    for name in HIDDEN_PACKAGES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            dirs.append(os.path.realpath(location))
    return dirs


def bwrap_argv(lib_dir: str, tmp_mb: int) -> list[str]:
    """bubblewrap options: read-only system and Python, no network, the command as pid 1."""
    argv = [
        "bwrap",
        "--die-with-parent",
        "--new-session",
        "--as-pid-1",
        "--unshare-all",
        "--cap-drop",
        "ALL",
        "--clearenv",
    ]
    if os.getuid() == 0 or os.getgid() == 0:  # see worker/child.private_mounts
        argv += [
            "--unshare-user",
            "--uid",
            str(os.getuid() or 65534),
            "--gid",
            str(os.getgid() or 65534),
        ]
    for key, value in environment().items():
        argv += ["--setenv", key, value]
    for path in _SYSTEM_DIRS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for name in _ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    size = str(tmp_mb * 2**20)
    argv += [
        "--proc",
        "/proc",
        "--ro-bind",
        "/proc/sys",
        "/proc/sys",
        "--ro-bind-try",
        "/proc/sysrq-trigger",
        "/proc/sysrq-trigger",
        "--dev",
        "/dev",
        "--size",
        size,
        "--tmpfs",
        "/dev/shm",
        "--size",
        size,
        "--tmpfs",
        "/tmp",
    ]
    # The Python installation comes after /tmp's tmpfs, so a venv that lives under /tmp (a
    # checkout in a temporary directory) stays visible.
    prefixes = python_prefixes()
    for prefix in prefixes:
        argv += ["--ro-bind", prefix, prefix]
    for hidden in _package_dirs():
        if any(hidden.startswith(prefix + os.sep) for prefix in prefixes):
            argv += ["--tmpfs", hidden]  # a non-editable install: mask it
    argv += [
        "--ro-bind",
        lib_dir,
        SANDBOX_LIB,
        "--remount-ro",
        "/dev",
        "--remount-ro",
        "/",
        "--chdir",
        "/tmp",
    ]
    return argv


def python_prefixes() -> list[str]:
    """The directories of the running Python installation (venv and base), resolved."""
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    prefixes.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    return sorted(prefixes)


def worker_command(lib_dir: str) -> list[str]:
    """Python, isolated (-I: no user site, no environment, no script or current directory on
    sys.path), running the worker package copied into `lib_dir`."""
    boot = (
        f"import sys; sys.path.insert(0, {lib_dir!r}); "
        f"from {WORKER_PACKAGE}.runner import main; main()"
    )
    return [sandbox_python(), "-I", "-B", "-c", boot]


def sandbox_python() -> str:
    """The running interpreter by a path that exists inside the sandbox: its folder resolved (a
    venv reached through a symlinked folder is bound under its real path), its own name kept (a
    venv's python finds its pyvenv.cfg next to itself, so the file itself is not resolved)."""
    folder, name = os.path.split(os.path.abspath(sys.executable))
    return os.path.join(os.path.realpath(folder), name)


def copy_worker(lib_dir: str) -> None:
    """Copy the worker folder (every module of it) into `lib_dir` as its package."""
    target = Path(lib_dir, WORKER_PACKAGE)
    target.mkdir()
    for source in sorted(WORKER_DIR.glob("*.py")):
        shutil.copyfile(source, target / source.name)


class WorkerProcess:
    """One worker: its process, the socket to it, what it has imported."""

    def __init__(self, argv: list[str], env: dict[str, str], preload: list[str]) -> None:
        parent, child = socket.socketpair()
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives with the worker
        command = [*argv, "--fd", str(child.fileno()), "--preload", ",".join(preload)]
        try:
            self.process = subprocess.Popen(
                command,
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.stderr,
                env=env,
                start_new_session=True,
            )
        finally:
            child.close()
        self.sock = parent
        parent.setblocking(False)
        self.reader = wire.FrameReader(parent.fileno(), 1 << 40)
        try:
            self.info, _ = self.receive(time.monotonic() + STARTUP_SECONDS)
            if self.info.get("event") != "ready":
                raise WorkerLost(f"the worker started with {self.info.get('event')!r}")
        except BaseException:
            self.close()
            raise
        self.preloaded = set(self.info.get("preloaded", [])) | set(self.info.get("missing", {}))

    def send(self, tag: bytes, payload: bytes | bytearray, deadline: float) -> None:
        try:
            wire.send_frame(self.sock.fileno(), tag, payload, deadline)
        except (wire.Closed, wire.TimedOut, OSError) as exc:
            raise WorkerLost(f"cannot send to the worker: {exc}") from None

    def receive(self, deadline: float) -> tuple[dict[str, Any], list[bytearray]]:
        try:
            tag, payload = wire.recv_frame(self.reader, deadline)
            message = json.loads(payload)
            frames = [
                wire.recv_frame(self.reader, deadline)[1]
                for _ in range(int(message.get("frames", 0)))
            ]
        except wire.TimedOut:
            raise WorkerLost("the worker stopped answering") from None
        except (wire.Closed, wire.WireError, ValueError, OSError) as exc:
            raise WorkerLost(f"the worker exited ({exc}){self.stderr_tail()}") from None
        if tag != b"M":
            raise WorkerLost(f"the worker sent frame {tag!r}")
        return message, frames

    def run(self, spec: Spec) -> tuple[dict[str, Any], list[bytearray], list[Any]]:
        preload = list(spec.limits.get("preload", []))
        start = time.monotonic()
        deadline = start + float(spec.limits["wall_seconds"]) + GRACE_SECONDS
        if set(preload) - self.preloaded:
            deadline += STARTUP_SECONDS
            self.preloaded |= set(preload)
        header = {"kind": spec.kind, "entry_point": spec.entry_point, "limits": spec.limits}
        self.send(b"J", json.dumps(header).encode(), deadline)
        self.send(b"C", spec.code.encode("utf-8", "surrogateescape"), deadline)
        message, frames = self.receive(deadline)
        calls: list[Any] = []
        if message["event"] == "loaded" and spec.kind == "tests":
            # The tests' environment travels with the tests, after the program has loaded: it
            # never exists in any memory the program's process could read.
            tests = json.dumps(spec.test_env).encode() + b"\0"
            tests += spec.test_code.encode("utf-8", "surrogateescape")
            self.send(b"T", tests, deadline)
            message, frames = self.receive(deadline)
        elif message["event"] == "loaded":
            for packed in spec.calls:
                self.send(b"A", packed, deadline)
                message, frames = self.receive(deadline)
                if message["event"] != "call":
                    break
                calls.append((message, frames[0]))
            else:
                self.send(b"E", b"", deadline)
                message, frames = self.receive(deadline)
        if message["event"] != "done" or len(frames) != 4:
            raise WorkerLost(f"the worker sent {message.get('event')!r} instead of a report")
        return message, frames, calls

    def stderr_tail(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self.stderr.seek(0, os.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(0, size - 1500))
            tail = self.stderr.read().decode("utf-8", errors="replace").strip()
            return f"; worker stderr: {tail}" if tail else ""
        return ""

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.sock.close()
        self.stderr.close()


class Pool:
    """Slots (threads) that each own a worker and take jobs from one queue."""

    def __init__(self, isolation: str, size: int) -> None:
        self.isolation, self.size = isolation, size  # "ns" (bubblewrap) or "plain"
        self.jobs: queue.Queue[tuple[Spec, Future[Any]] | None] = queue.Queue()
        self.threads: list[threading.Thread] = []
        self.restarts = 0
        self.one_shot = False
        self.lib_dir = tempfile.mkdtemp(prefix="iotbench-sandbox-lib-")
        copy_worker(self.lib_dir)
        plain = isolation == "plain"  # only workers without bubblewrap need a host folder
        self.workdir = tempfile.mkdtemp(prefix="iotbench-sandbox-work-") if plain else ""
        self._lock = threading.Lock()

    def submit(self, specs: list[Spec]) -> list[Future[Any]]:
        """Queue jobs; start slots up to the pool size (not more than there are jobs)."""
        futures: list[Future[Any]] = []
        with self._lock:
            while len(self.threads) < min(self.size, len(specs)):
                thread = threading.Thread(
                    target=self._slot, daemon=True, name=f"iotbench-sandbox-{len(self.threads)}"
                )
                self.threads.append(thread)
                thread.start()
            for spec in specs:
                futures.append(Future())
                self.jobs.put((spec, futures[-1]))
        return futures

    def _start(self, spec: Spec) -> WorkerProcess:
        preload = list(spec.limits.get("preload", []))
        if self.isolation == "plain":
            argv = [
                *worker_command(self.lib_dir),
                "--isolation",
                "plain",
                "--workdir",
                self.workdir,
            ]
            return WorkerProcess(argv, environment(self.workdir), preload)
        tmp_mb = int(spec.limits["tmp_mb"]) if self.one_shot else WORKER_TMP_MB
        isolation = "shared" if self.one_shot else "ns"
        argv = [
            *bwrap_argv(self.lib_dir, tmp_mb),
            *worker_command(SANDBOX_LIB),
            "--isolation",
            isolation,
            "--workdir",
            "/tmp",
        ]
        worker = WorkerProcess(argv, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, preload)
        problem = worker.info.get("isolation_problem")
        if problem and not self.one_shot:
            worker.close()
            self.one_shot = True
            warnings.warn(
                f"sandbox: programs cannot get their own namespaces inside bubblewrap "
                f"here ({problem}); each program now runs in its own bubblewrap "
                f"sandbox, which is slower",
                RuntimeWarning,
                stacklevel=1,
            )
            return self._start(spec)
        return worker

    def _slot(self) -> None:
        worker: WorkerProcess | None = None
        while True:
            item = self.jobs.get()
            if item is None:
                break
            spec, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                worker, result = self._execute(worker, spec)
                future.set_result(result)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                worker = None  # _execute closed it: its protocol state is unknown
                future.set_exception(exc)
        if worker is not None:
            worker.close()

    def _execute(
        self, worker: WorkerProcess | None, spec: Spec
    ) -> tuple[WorkerProcess | None, Any]:
        lost = ""
        for _ in range(2):
            try:
                if worker is None:
                    worker = self._start(spec)
                result = worker.run(spec)
                if self.one_shot or result[0].get("retire"):
                    worker.close()
                    worker = None
                return worker, result
            except (WorkerLost, OSError) as exc:
                lost = str(exc)
                if worker is not None:
                    worker.close()
                    worker = None
                    self.restarts += 1
            except BaseException:
                if worker is not None:
                    worker.close()
                raise
        return None, WorkerLost(f"the sandbox worker failed twice on this program: {lost}")

    def shutdown(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join(timeout=30)
        for folder in (self.lib_dir, self.workdir):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
