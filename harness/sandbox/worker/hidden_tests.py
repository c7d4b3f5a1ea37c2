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


def deterministic_hypothesis() -> None:
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


def hidden_test_args(directory: str) -> list[str]:
    """pytest's command line for the hidden tests: output not captured (the process writes to
    /dev/null), no cache, no plugins but pytest's own and Hypothesis's."""
    args = [os.path.join(directory, TEST_FILE), "-q", "-s", "-p", "no:cacheprovider"]
    args += ["-c", os.path.join(directory, "pytest.ini"), "--rootdir", directory]
    if importlib.util.find_spec("_hypothesis_pytestplugin") is not None:
        args += ["-p", "_hypothesis_pytestplugin"]
    return args


# Run once in the worker before any program forks: the first Hypothesis run in a process builds
# caches and imports modules lazily (the debugger, traceback formatting, the engine's parts), and
# every test process would otherwise pay that again.
WARM_UP_TESTS = """
import numpy as np
import pytest
from hypothesis import given, strategies as st


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8), st.integers(1, 9), st.booleans())
def test_properties(values, count, flag):
    assert np.asarray(values).size == len(values) and count >= 1 and flag in (True, False)


@given(st.floats(0, 1), st.text(max_size=4), st.sampled_from([1, 2]))
def test_failing_property(value, text, choice):
    assert value < 0.5


@pytest.mark.parametrize("value", [1.0, 2.0])
def test_plain(value):
    assert value == pytest.approx(value)
    with pytest.raises(ValueError):
        raise ValueError(value)
"""


class Prepared:
    """pytest's configuration for the hidden tests, built once in the worker before it forks.

    Parsing the options and registering pytest's plugins took about as long as a short test
    file's tests; every test process now starts from a copy of the finished configuration. The
    test file always has the same path (the worker runs one program at a time) and is removed
    after each program; the assertion-rewriting import hook is kept out of ``sys.meta_path``
    until a test process starts, so programs import exactly as before.
    """

    def __init__(self, workdir: str) -> None:
        self.directory = os.path.join(workdir, f"hidden-tests-{os.getpid()}")
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        with open(os.path.join(self.directory, "pytest.ini"), "w", encoding="ascii") as handle:
            handle.write("[pytest]\n")
        _warm_up(self.directory)
        from _pytest.config import _prepareconfig  # pytest's own first step of pytest.main

        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # read while parsing, then dropped:
        try:  # programs see the environment they always saw
            self.config = _prepareconfig(hidden_test_args(self.directory))
        finally:
            del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
        self.import_hooks = [hook for hook in sys.meta_path if _is_pytest_hook(hook)]
        sys.meta_path[:] = [hook for hook in sys.meta_path if not _is_pytest_hook(hook)]

    @property
    def test_file(self) -> str:
        return os.path.join(self.directory, TEST_FILE)

    def run(self, recorder: Recorder) -> int:
        """Run the tests in this (forked) process, as pytest.main would."""
        import pytest

        os.environ["PYTEST_VERSION"] = pytest.__version__
        sys.meta_path[:0] = self.import_hooks
        self.config.pluginmanager.register(recorder)
        return int(self.config.hook.pytest_cmdline_main(config=self.config))


def _warm_up(directory: str) -> None:
    """One small session of tests like the hidden ones, its output discarded; the worker keeps
    its module list and import path as they were (no program may find a test module there)."""
    import pytest

    path = list(sys.path)
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    test_file = os.path.join(directory, "test_warm_up.py")
    try:
        with open(test_file, "w", encoding="ascii") as handle:
            handle.write(WARM_UP_TESTS)
        os.dup2(null, 1)
        os.dup2(null, 2)
        deterministic_hypothesis()
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        pytest.main([test_file, *hidden_test_args(directory)[1:]])
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)
        os.unlink(test_file)
        os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        sys.path[:] = path
        sys.modules.pop("test_warm_up", None)


def _is_pytest_hook(hook: object) -> bool:
    return type(hook).__module__.startswith("_pytest.")


def prepare(workdir: str) -> Prepared | None:
    """The worker's prepared configuration, or None where this pytest cannot be prepared (the
    test processes then run pytest.main from the start)."""
    try:
        return Prepared(workdir)
    except Exception:  # noqa: BLE001 - another pytest version: the slower path still works
        return None


def tests_main(
    test_code: bytearray,
    fds: dict[str, int],
    workdir: str,
    output_mb: int,
    prepared: Prepared | None = None,
) -> NoReturn:
    """Never returns: run the tests, send one "R" JSON report on fds["report"], exit."""
    report_fd, candidate_fd = 3, 4
    try:
        high = [fcntl.fcntl(fds[name], fcntl.F_DUPFD, 1000) for name in ("report", "candidate")]
        null = os.open(os.devnull, os.O_RDWR)
        for source, target in ((null, 0), (null, 1), (null, 2), (high[0], 3), (high[1], 4)):
            os.dup2(source, target)
        os.closerange(5, 1 << 20)
        os.chdir(workdir)
        directory = prepared.directory if prepared is not None else workdir
        # The harness sends the tests' environment (JSON), a NUL byte, then the test code.
        env_end = test_code.index(b"\0")
        os.environ.update(json.loads(bytes(test_code[:env_end]).decode("utf-8")))
        with open(os.path.join(directory, TEST_FILE), "w", encoding="utf-8") as handle:
            handle.write(test_code[env_end + 1 :].decode("utf-8", "replace"))
        if prepared is None:
            with open("pytest.ini", "w", encoding="ascii") as handle:
                handle.write("[pytest]\n")
        wire.wipe(test_code)
        remote = RemoteModule(candidate_fd, output_mb)
        sys.modules["candidate"] = remote
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        deterministic_hypothesis()
        recorder = Recorder(remote)
        if prepared is not None:
            exit_code = prepared.run(recorder)
        else:
            import pytest

            exit_code = int(pytest.main(hidden_test_args(workdir), plugins=[recorder]))
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
