"""The hidden-test process: runs an item's pytest tests against a candidate in another process.

Forked from the sandbox worker only after the candidate's process was forked and had loaded, so
the test code (and its expected values) never exists in any memory the candidate can read. The
tests import ``candidate`` as usual; here that module is a proxy whose functions send their
arguments to the candidate's process and get back plain values (pickle-free codec) or an
exception. The test outcome is decided in this process and reported to the worker as JSON over
its own pipe: nothing the candidate prints or returns can mark a test as passed.

Copied into the sandbox; imports nothing from the project.
"""

from __future__ import annotations

import builtins
import fcntl
import importlib.util
import json
import os
import sys
import traceback
import types
from typing import Any, NoReturn

from . import wire

TEST_FILE = "test_hidden.py"


class CandidateError(Exception):
    """The candidate raised an exception that has no built-in counterpart here."""


class CandidateLost(CandidateError):
    """The candidate's process ended or broke the protocol during a call."""


# A failed test's outcome names these classes with their module ("failed: _sandbox_tests.
# CandidateError: ...") and results files keep it: the name stays what it was when this module was
# harness/_sandbox_tests.py, so reasons compare across runs whatever the worker package is called.
CandidateError.__module__ = CandidateLost.__module__ = "_sandbox_tests"


class RemoteModule(types.ModuleType):
    """``candidate``: every public attribute is a function that runs in the candidate's process."""

    def __init__(self, fd: int, output_mb: int) -> None:
        super().__init__("candidate")
        self._fd, self._reader = fd, wire.FrameReader(fd, output_mb * 2**20 + 4096)
        self._lost = ""
        self._raised = 0  # calls that ended in an exception of the candidate's making, so far

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._call(name, args, kwargs)

        call.__name__ = call.__qualname__ = name
        return call

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self._lost:
            self._raised += 1
            raise CandidateLost(self._lost)
        try:
            request = wire.pack((name, list(args), kwargs))
        except wire.WireError as exc:
            raise TypeError(
                f"the hidden tests passed an argument the candidate cannot receive: {exc}"
            ) from None
        try:
            wire.send_frame(self._fd, b"C", request)
            tag, payload = wire.recv_frame(self._reader)
            value = wire.unpack(payload)
        except (wire.Closed, wire.WireError, OSError) as exc:
            self._lost = f"the program's process stopped answering during {name}(): {exc}"
            self._raised += 1
            raise CandidateLost(self._lost) from None
        if tag == b"R":
            return value
        if tag == b"E" and isinstance(value, tuple) and len(value) == 2:
            self._raised += 1
            kind, message = str(value[0]), str(value[1])
            builtin = getattr(builtins, kind, None)
            if isinstance(builtin, type) and issubclass(builtin, Exception):
                raise builtin(message)
            raise CandidateError(f"{kind}: {message}")
        self._lost = f"the program's process sent an invalid reply to {name}()"
        self._raised += 1
        raise CandidateLost(self._lost)


class Recorder:
    """pytest plugin that keeps each test's outcome and any collection error, and which passed
    tests saw the candidate raise (a test expecting an exception passes on any program that
    raises it: partial credit must not count those alone)."""

    def __init__(self, remote: RemoteModule) -> None:
        self.outcomes: dict[str, str] = {}
        self.errors: list[str] = []
        self.raised: list[str] = []
        self._remote = remote
        self._raised_before = 0

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self._raised_before = self._remote._raised

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.errors.append(str(report.longreprtext)[-2000:])

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when == "call" or report.failed or report.skipped:
            if report.passed:
                self.outcomes[report.nodeid] = "passed"
                if self._remote._raised > self._raised_before:
                    self.raised.append(report.nodeid)
            elif report.skipped:
                self.outcomes.setdefault(report.nodeid, "skipped")
            else:
                label = "failed" if report.when == "call" else f"error in {report.when}"
                self.outcomes[report.nodeid] = f"{label}: {_message(report)}"


def _message(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or str(report.longreprtext)
    return str(text).strip().splitlines()[0][:300] if str(text).strip() else "no message"


def _deterministic_hypothesis() -> None:
    """Same examples on every run (serial or parallel), no per-example deadline, no database:
    a program's outcome must not depend on timing or on what an earlier sample tried. No
    shrinking either: a failing example fails the test whatever its size (the verdict is the
    same), and shrinking it cost most of the time a failing program spent in its tests."""
    try:
        import hypothesis
    except ImportError:
        return
    phases = (hypothesis.Phase.explicit, hypothesis.Phase.reuse, hypothesis.Phase.generate)
    hypothesis.settings.register_profile(
        "iotbench",
        derandomize=True,
        deadline=None,
        database=None,
        print_blob=False,
        phases=phases,
    )
    hypothesis.settings.load_profile("iotbench")


def tests_main(test_code: bytearray, fds: dict[str, int], workdir: str, output_mb: int) -> NoReturn:
    """Never returns: run the tests, send one "R" JSON report on fds["report"], exit."""
    report_fd, candidate_fd = 3, 4
    try:
        high = [fcntl.fcntl(fds[name], fcntl.F_DUPFD, 1000) for name in ("report", "candidate")]
        null = os.open(os.devnull, os.O_RDWR)
        for source, target in ((null, 0), (null, 1), (null, 2), (high[0], 3), (high[1], 4)):
            os.dup2(source, target)
        os.closerange(5, 1 << 20)
        os.chdir(workdir)
        # The harness sends the tests' environment (JSON), a NUL byte, then the test code.
        env_end = test_code.index(b"\0")
        os.environ.update(json.loads(bytes(test_code[:env_end]).decode("utf-8")))
        with open(TEST_FILE, "w", encoding="utf-8") as handle:
            handle.write(test_code[env_end + 1 :].decode("utf-8", "replace"))
        with open("pytest.ini", "w", encoding="ascii") as handle:
            handle.write("[pytest]\n")
        wire.wipe(test_code)
        remote = RemoteModule(candidate_fd, output_mb)
        sys.modules["candidate"] = remote
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        import pytest

        _deterministic_hypothesis()

        args = [TEST_FILE, "-q", "-p", "no:cacheprovider", "-c", "pytest.ini", "--rootdir", workdir]
        if importlib.util.find_spec("_hypothesis_pytestplugin") is not None:
            args += ["-p", "_hypothesis_pytestplugin"]
        recorder = Recorder(remote)
        exit_code = int(pytest.main(args, plugins=[recorder]))
        report = {
            "tests": recorder.outcomes,
            "raised": recorder.raised,
            "errors": recorder.errors,
            "exit_code": exit_code,
            "lost": remote._lost,
        }
    except BaseException:  # noqa: BLE001 - a fault of the hidden tests or of ours
        report = {"internal": traceback.format_exc()[-2000:]}
    try:
        wire.send_frame(report_fd, b"R", json.dumps(report).encode())
    finally:
        os._exit(0)
