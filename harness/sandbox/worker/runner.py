"""The sandbox worker: imports heavy libraries once, then forks one fresh process per program.

Runs inside bubblewrap as pid 1 of the sandbox's pid namespace (``--as-pid-1``): signals from the
programs it forks cannot kill it (the kernel drops them for init), ``kill(-1)`` ends everything a
program left behind, and it is not dumpable, so no program can read or write its memory. It talks
to the harness over one socket (``--fd``); per program it keeps the wall clock, times each call
from its own side, drains and caps stdout/stderr, watches how many processes and how much memory
the program uses, and takes peak memory from the kernel (wait4) for every process it reaps.
Program data (code, arguments, results, output) only passes through buffers that are wiped after
use, so the next fork finds nothing of an earlier program in memory.

``--isolation``: ``ns`` (each program gets its own user + mount namespace with a private /tmp),
``shared`` (one program per worker; bubblewrap's own /tmp), ``plain`` (no bubblewrap: the weaker
``--sandbox=process`` mode). Copied into the sandbox; imports nothing from the project.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from typing import Any, NoReturn

from . import child, wire
from . import hidden_tests as tests
from .session import Session

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36


class Worker:
    """The loop that receives jobs from the harness and runs each in a fresh fork."""

    def __init__(self, fd: int, isolation: str, workdir: str) -> None:
        self.fd, self.isolation, self.workdir = fd, isolation, workdir
        self.reader = wire.FrameReader(fd, 1 << 40)
        self.preloaded: list[str] = []
        self.missing: dict[str, str] = {}
        self.baseline_kb, self.baseline_rss_kb = 0, 0
        self.oom_score = _oom_score()
        self.prepared: tests.Prepared | None = None  # pytest's configuration, once pytest loads

    # --- talking to the harness (trusted, blocking) -------------------------------------------
    def send(self, message: dict[str, Any], frames: Sequence[bytearray | memoryview] = ()) -> None:
        message = {**message, "frames": len(frames)}
        wire.send_frame(self.fd, b"M", json.dumps(message).encode())
        for frame in frames:
            wire.send_frame(self.fd, b"D", frame)

    def receive(self, *expected: bytes) -> tuple[bytes, bytearray]:
        tag, payload = wire.recv_frame(self.reader)
        if tag not in expected:
            raise RuntimeError(f"harness sent frame {tag!r}, expected one of {expected!r}")
        return tag, payload

    # --- set-up --------------------------------------------------------------------------------
    def preload(self, names: list[str]) -> bool:
        """Import what programs will need; True if anything new was imported."""
        new = False
        for name in names:
            if name in self.preloaded or name in self.missing:
                continue
            try:
                importlib.import_module(name)
                if name == "pytest":  # its built-in plugins, or every test run imports them
                    for plugin in _pytest_plugins():
                        importlib.import_module(plugin)
                self.preloaded.append(name)
                new = True
            except Exception as exc:  # noqa: BLE001 - a missing library is the program's concern
                self.missing[name] = f"{type(exc).__name__}: {exc}"[:200]
        if new and "pytest" in self.preloaded and self.prepared is None:
            self.prepared = tests.prepare(self.workdir)
        if new:
            gc.collect()
            gc.freeze()  # forks then neither scan nor copy-on-write the preloaded objects
        return new

    def probe(self) -> str:
        """Can a forked child get its own namespaces here? '' if yes, else why not."""
        if self.isolation != "ns":
            return ""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_end)
                child.private_mounts(os.getuid(), os.getgid(), 1)
                os._exit(0)
            except BaseException as exc:  # noqa: BLE001 - reported to the harness
                os.write(write_end, str(exc).encode()[:300])
                os._exit(1)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as handle:
            message = handle.read().decode(errors="replace")
        _, status = os.waitpid(pid, 0)
        return "" if status == 0 else message or f"wait status {status}"

    def calibrate(self) -> None:
        """Peak memory of an empty program: the part of every program's peak that is ours."""
        header = {"kind": "function", "entry_point": None, "limits": _CALIBRATION}
        session = Session(self, header, bytearray())
        done, _ = session.run_calibration()
        self.baseline_kb = int(done["peak_kb"])
        self.baseline_rss_kb = session.idle_rss_kb

    def ready(self, problem: str) -> dict[str, Any]:
        return {
            "event": "ready",
            "pid": os.getpid(),
            "isolation_problem": problem,
            "preloaded": self.preloaded,
            "missing": self.missing,
            "baseline_kb": self.baseline_kb,
        }

    # --- jobs ----------------------------------------------------------------------------------
    def serve(self) -> NoReturn:
        while True:
            try:
                header = json.loads(self.receive(b"J")[1])
            except wire.Closed:
                os._exit(0)
            code = self.receive(b"C")[1]
            if self.preload(list(header["limits"].get("preload", []))):
                self.calibrate()
            session = Session(self, header, code)
            done, frames = session.run()
            # One program per worker when programs cannot be isolated from it; and a worker whose
            # OOM score a program raised (possible when run as root) is replaced.
            retire = self.isolation == "shared" or _oom_score() != self.oom_score
            self.send({**done, "retire": retire}, frames)
            del frames
            session.wipe()
            if retire:
                os._exit(0)

    def fork_tests(self, session: Session, test_code: bytearray, fds: dict[str, int]) -> int:
        """Fork the hidden-test process (after the program's process has loaded)."""
        workdir = tempfile.mkdtemp(prefix="tests-", dir=self.workdir)
        session.cleanup.append(workdir)
        if self.prepared is not None:
            session.cleanup.append(self.prepared.test_file)
        pid = os.fork()
        if pid == 0:
            output_mb = int(session.limits["output_mb"])
            tests.tests_main(test_code, fds, workdir, output_mb, self.prepared)
        wire.wipe(test_code)
        return pid


def _pytest_plugins() -> list[str]:
    from _pytest.config import default_plugins

    return [f"_pytest.{name}" for name in default_plugins]


def _oom_score() -> str:
    try:
        with open("/proc/self/oom_score_adj", encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return ""


_CALIBRATION = {
    "wall_seconds": 30,
    "cpu_seconds": 30,
    "memory_mb": 64,
    "file_mb": 1,
    "tmp_mb": 1,
    "output_mb": 1,
    "max_processes": 4,
}


def _options(argv: list[str]) -> dict[str, str]:
    options = {}
    for key, value in zip(argv[::2], argv[1::2], strict=False):
        options[key.lstrip("-")] = value
    return options


def main() -> None:
    options = _options(sys.argv[1:])
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    isolation = options["isolation"]
    if isolation == "plain":
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    elif os.getpid() != 1:
        raise SystemExit("the sandbox worker must run as pid 1 of its namespace (--as-pid-1)")
    for signum in signal.valid_signals():
        if callable(signal.getsignal(signum)):
            signal.signal(signum, signal.SIG_DFL)  # no Python handler a program could trigger
    fd = int(options["fd"])
    os.set_blocking(fd, True)
    workdir = options.get("workdir", "/tmp")
    worker = Worker(fd, isolation, workdir)
    worker.preload([name for name in options.get("preload", "").split(",") if name])
    problem = worker.probe()
    if not problem:
        worker.calibrate()
    worker.send(worker.ready(problem))
    if problem:
        os._exit(0)
    worker.serve()
