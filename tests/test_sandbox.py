"""The sandbox on real bubblewrap: outcomes, isolation and limits."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from harness import sandbox
from harness.sandbox import Call, Limits, SandboxMode, SandboxUnavailable, run_function
from harness.status import Status

pytestmark = pytest.mark.skipif(sandbox.bwrap_problem() is not None,
                                reason=f"bubblewrap unusable: {sandbox.bwrap_problem()}")

CALLS = [Call({"x": np.arange(5.0)}, {"scale": 2.0}), Call({"x": np.ones(3)}, {"scale": -1.0})]
FAST = Limits(wall_seconds=5)


def run(body: str, limits: Limits = FAST) -> sandbox.Execution:
    return run_function(body, "f", CALLS, limits)


def test_outputs_come_back_per_call() -> None:
    result = run("import numpy as np\ndef f(x, scale):\n    return np.asarray(x) * scale\n")
    assert result.status is None
    assert [o.tolist() for o in result.outputs if o is not None] == [
        [0.0, 2.0, 4.0, 6.0, 8.0], [-1.0, -1.0, -1.0]]
    assert len(result.call_seconds) == 2


@pytest.mark.parametrize(("body", "status", "reason"), [
    ("def f(x, scale:\n", Status.SYNTAX_ERROR, "line 1"),
    ("def g(x, scale):\n    return x\n", Status.RUNTIME_ERROR, "defines no function 'f'"),
    ("def f(x, scale):\n    raise ValueError('boom')\n", Status.RUNTIME_ERROR, "ValueError: boom"),
    ("import sys\nsys.exit(0)\n", Status.RUNTIME_ERROR, "SystemExit"),
    ("import os\ndef f(x, scale):\n    os._exit(0)\n", Status.RUNTIME_ERROR, "exited with code 0"),
    ("def f(x, scale):\n    return bytearray(8 * 2**30)\n", Status.OOM, "MemoryError"),
    ("def f(x, scale):\n    while True:\n        pass\n", Status.TIMEOUT, "wall-clock"),
    ("import ctypes\ndef f(x, scale):\n    ctypes.string_at(0)\n", Status.RUNTIME_ERROR,
     "SIGSEGV"),
])
def test_outcomes(body: str, status: Status, reason: str) -> None:
    result = run(body, Limits(wall_seconds=3))
    assert result.status is status
    assert reason in result.reason


def test_object_return_is_reported_invalid_not_crash() -> None:
    result = run("def f(x, scale):\n    return object()\n")
    assert result.status is None
    assert result.outputs == [None, None]
    assert "not an array of numbers" in result.invalid[0]


def test_project_files_and_packages_are_invisible() -> None:
    here = Path(__file__).resolve()
    body = (f"def f(x, scale):\n    open({str(here)!r}).read()\n")
    assert "FileNotFoundError" in run(body).reason
    assert "No module named 'iotbench'" in run("import iotbench\n").reason


def test_no_network_and_no_environment_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTBENCH_SECRET", "s3cret")
    body = ("import os, socket\n"
            "def f(x, scale):\n"
            "    assert 'IOTBENCH_SECRET' not in os.environ, 'leaked'\n"
            "    socket.create_connection(('1.1.1.1', 53), timeout=2)\n")
    result = run(body)
    assert result.status is Status.RUNTIME_ERROR
    assert "leaked" not in result.reason
    assert "unreachable" in result.reason or "OSError" in result.reason


def test_root_is_read_only_and_tmp_is_private(tmp_path: Path) -> None:
    target = tmp_path / "escape.txt"
    body = f"def f(x, scale):\n    open({str(target)!r}, 'w').write('x')\n"
    assert run(body).status is Status.RUNTIME_ERROR
    assert not target.exists()
    marker = f"iotbench-test-{os.getpid()}"
    run(f"def f(x, scale):\n    open('/tmp/{marker}', 'w').write('x')\n    return [1]\n")
    assert not Path("/tmp", marker).exists()


def test_timeout_kills_grandchildren() -> None:
    tag = f"{time.time_ns()}"
    body = ("import subprocess\n"
            f"subprocess.Popen(['sleep', '1{tag[-6:]}'])\n"
            "def f(x, scale):\n    while True:\n        pass\n")
    assert run(body, Limits(wall_seconds=2)).status is Status.TIMEOUT
    leftover = subprocess.run(["pgrep", "-f", f"sleep 1{tag[-6:]}"], capture_output=True,
                              check=False)
    assert leftover.returncode == 1, leftover.stdout


def test_output_is_captured_and_capped() -> None:
    body = ("import sys\nprint('hello')\nsys.stderr.write('e' * 200000)\n"
            "def f(x, scale):\n    return x\n")
    result = run(body)
    assert result.stdout == "hello\n"
    assert result.stderr.endswith("[... output truncated]")
    assert len(result.stderr) < 70_000


def test_missing_bwrap_refuses_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    sandbox.bwrap_problem.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
            run_function("def f(x, scale):\n    return x\n", "f", CALLS)
    finally:
        sandbox.bwrap_problem.cache_clear()


def test_process_mode_runs_with_a_warning() -> None:
    with pytest.warns(UserWarning, match="without filesystem, network or pid isolation"):
        result = run_function("def f(x, scale):\n    return x\n", "f", CALLS, FAST,
                              SandboxMode.PROCESS)
    assert result.status is None


def test_dotted_array_names_arrive_as_a_dict() -> None:
    calls = [Call({"views.audio": np.ones(2), "views.radar": np.zeros(3), "y": np.arange(2)})]
    body = ("def f(views, y):\n"
            "    assert sorted(views) == ['audio', 'radar'], sorted(views)\n"
            "    return [len(views['audio']), len(views['radar']), len(y)]\n")
    result = run_function(body, "f", calls, FAST)
    assert result.status is None, result.reason
    assert result.outputs[0] is not None and result.outputs[0].tolist() == [2, 3, 2]


def test_peak_memory_is_reported() -> None:
    small = run("def f(x, scale):\n    return x\n")
    big = run("import numpy as np\ndef f(x, scale):\n    a = np.ones(300 * 2**20 // 8)\n"
              "    return x\n")
    assert small.peak_memory_mb is not None and big.peak_memory_mb is not None
    assert big.peak_memory_mb - small.peak_memory_mb > 250
