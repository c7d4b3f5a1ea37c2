"""Turn the sandbox worker's report on one program into an `Execution` with one clear status.

The worker's own observations decide first (its clock, its process and memory watchdog, protocol
violations, how the program's process ended); a failure report sent by the program is believed
only for the statuses a program can honestly report about itself (syntax_error, runtime_error,
oom). Pass/fail of hidden tests comes from the separate test process, never from the program.
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from harness.sandbox.worker import wire
from harness.status import Status

_PROGRAM_STATUSES = {"syntax_error", "runtime_error", "oom"}
_TRUNCATED = "\n[... output truncated]"


@dataclass
class Spec:
    """One job as the pool sends it: everything is already plain data."""

    kind: str  # "function" or "tests"
    code: str
    limits: dict[str, Any]
    entry_point: str | None = None
    calls: list[bytes] = field(default_factory=list)  # packed keyword arguments, one per call
    test_code: str = ""
    test_env: dict[str, str] = field(default_factory=dict)  # the hidden-test process only


def text(data: bytes | bytearray, total: int) -> str:
    """Captured output as text: invalid UTF-8 replaced, a marker when it was cut."""
    return bytes(data).decode("utf-8", errors="replace") + (_TRUNCATED if total > len(data) else "")


def from_exit(
    exit_info: dict[str, int] | None, cpu_seconds: float, limits: dict[str, Any]
) -> tuple[Status, str]:
    """Status of a program whose process ended before it finished its job."""
    if exit_info is None:
        return Status.RUNTIME_ERROR, "the program stopped before returning a result"
    signum = int(exit_info.get("signal", 0))
    cpu_limit = float(limits["cpu_seconds"])
    if signum == signal.SIGXCPU or (signum == signal.SIGKILL and cpu_seconds >= cpu_limit - 0.1):
        return Status.TIMEOUT, f"CPU-time limit of {cpu_limit:g} s exceeded"
    if signum == signal.SIGKILL:
        return Status.OOM, "killed by SIGKILL (out of memory)"
    if signum == signal.SIGXFSZ:
        return Status.RUNTIME_ERROR, "file-size limit exceeded"
    if signum:
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        return Status.RUNTIME_ERROR, f"killed by {name}"
    return (
        Status.RUNTIME_ERROR,
        f"exited with code {exit_info.get('code')} before returning a result",
    )


def _program_failure(payload: bytes | bytearray) -> tuple[Status, str]:
    try:
        report = json.loads(bytes(payload).decode("utf-8", errors="replace"))
        status, reason = str(report["status"]), str(report.get("reason", ""))[:500]
    except (ValueError, KeyError, TypeError):
        return Status.RUNTIME_ERROR, "the program sent an unreadable failure report"
    if status not in _PROGRAM_STATUSES:
        return (
            Status.RUNTIME_ERROR,
            f"the program reported status {status[:40]!r}, which only the harness may decide",
        )
    return Status(status), reason


def _tests_status(
    done: dict[str, Any], payload: bytes | bytearray, limits: dict[str, Any]
) -> tuple[Status, str, dict[str, str]]:
    if not payload:
        tests_exit = done.get("tests_exit") or {}
        how = (
            f"killed by {signal.Signals(tests_exit['signal']).name}"
            if tests_exit.get("signal")
            else f"ended with {tests_exit or 'no report'}"
        )
        return (
            Status.RUNTIME_ERROR,
            f"the test process was {how}: the program interfered with its tests",
            {},
        )
    report = json.loads(bytes(payload))
    if "internal" in report:
        return Status.HARNESS_ERROR, f"the hidden tests could not run: {report['internal']}", {}
    outcomes = {str(k): str(v) for k, v in dict(report.get("tests", {})).items()}
    if report.get("errors"):
        return (
            Status.HARNESS_ERROR,
            f"the hidden tests failed to load: {report['errors'][0][-300:]}",
            outcomes,
        )
    if report.get("lost"):
        if done.get("exit") is not None:
            status, reason = from_exit(done["exit"], float(done["cpu_seconds"]), limits)
            return status, f"during the tests: {reason}", outcomes
        return Status.RUNTIME_ERROR, str(report["lost"])[:500], outcomes
    if not outcomes:
        return Status.HARNESS_ERROR, "the hidden tests contain no test", outcomes
    failed = [(k, v) for k, v in outcomes.items() if v not in ("passed", "skipped")]
    if not failed:
        return Status.PASS, f"{len(outcomes)} test(s) passed", outcomes
    first, why = failed[0]
    return (
        Status.FAIL,
        f"{len(failed)} of {len(outcomes)} test(s) failed; {first}: {why}",
        outcomes,
    )


def raised_tests(payload: bytes | bytearray) -> tuple[str, ...]:
    """The passed tests during which the candidate raised an exception (from the test report)."""
    try:
        report = json.loads(bytes(payload))
        return tuple(str(test) for test in report.get("raised", ()))
    except (ValueError, TypeError, AttributeError):
        return ()


def status_of(
    spec: Spec, done: dict[str, Any], failure: bytearray, tests_report: bytearray
) -> tuple[Status | None, str, dict[str, str]]:
    """The status (None: returned normally), its reason, and per-test outcomes."""
    limits = spec.limits
    stop, detail = done.get("stop"), str(done.get("detail", ""))
    if stop == "timeout":
        return Status.TIMEOUT, f"wall-clock limit of {limits['wall_seconds']:g} s", {}
    if stop == "processes":
        return Status.RUNTIME_ERROR, f"the program ran {detail}", {}
    if stop == "memory":
        return Status.OOM, f"out of memory: {detail}", {}
    if stop == "violation":
        return Status.RUNTIME_ERROR, detail, {}
    if not done.get("setup_done"):
        return (
            Status.HARNESS_ERROR,
            f"the program's process could not be set up: {done.get('setup_error')}",
            {},
        )
    if failure:
        status, reason = _program_failure(failure)
        return status, reason, {}
    if spec.kind == "tests":
        return _tests_status(done, tests_report, limits)
    if done.get("completed"):
        return None, "", {}
    status, reason = from_exit(done.get("exit"), float(done.get("cpu_seconds", 0)), limits)
    return status, reason, {}


def call_output(kind: str, payload: bytearray) -> tuple[np.ndarray | None, str]:
    """One call's value (a numeric-or-string array), or None and why it is unusable."""
    if kind == "I":
        return None, bytes(payload[:300]).decode("utf-8", errors="replace")
    try:
        value = wire.unpack(payload, max_items=1)
    except wire.WireError as exc:
        return None, f"unreadable output: {exc}"
    if not isinstance(value, np.ndarray):
        return None, "unreadable output: not an array"
    return value, ""
