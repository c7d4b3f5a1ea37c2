"""Static analysis and similarity of generated programs, in a child process the harness can kill.

Code quality (pylint, bandit, radon), CodeBLEU (tree-sitter parsing) and the embedding similarity
read model-written text outside the sandbox. None of them runs the text, but each can take
unbounded time on a hostile program (pylint was still busy with a 10 MB program after 25
minutes). So each analysis (`similarity`: embedding and CodeBLEU; `quality`: pylint, bandit,
radon) runs in a long-lived child process of its own, one program at a time, the two side by
side, each with a time budget per program (`--analysis-time-limit`, default 30 s). An analysis
that does not answer in time is abandoned: its child is killed, and started afresh for the next
program (start-up is not charged to any program), and that program's metrics of that analysis
are missing, with the reason. A child that crashes costs the same and nothing more.

    python -m harness.metrics.analysis TASK EMBEDDER   # a child: JSON lines on stdin/stdout
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from harness.metrics.embedding import freeze_loaded

DEFAULT_ANALYSIS_SECONDS = 30.0
START_SECONDS = 600.0  # the child's start-up: imports, the embedding model, pylint's first run
TASKS = ("similarity", "quality")  # what each program gets, each with its own budget
_WARM_UP = "import numpy as np\n\n\ndef warm_up(x):\n    return np.sum(x)\n"


class AnalysisError(RuntimeError):
    """The analysis process cannot start (e.g. the embedding model is missing); one line."""


class _Lost(Exception):
    """The child did not answer: it ran out of time or died."""


@dataclass(frozen=True)
class Analysis:
    """One program's metrics, and why any are missing (one entry per analysis that failed)."""

    metrics: dict[str, float]
    problems: tuple[str, ...] = ()


class _Child:
    """One child process for one analysis, started on first use and after every kill."""

    def __init__(self, task: str, embedder: str) -> None:
        self.task, self.embedder = task, embedder
        self.process: subprocess.Popen[bytes] | None = None
        self.buffer = b""
        self.deadline = 0.0

    def send(self, code: str, reference: str, seconds: float) -> None:
        """Hand one program to the child; its answer is due `seconds` from now."""
        process = self.running()
        assert process.stdin is not None
        request = json.dumps({"code": code, "reference": reference}) + "\n"
        try:
            process.stdin.write(request.encode("ascii"))
            process.stdin.flush()
        except OSError:
            self.close()
            raise _Lost("the analysis process ended unexpectedly") from None
        self.deadline = time.monotonic() + seconds

    def metrics(self, seconds: float) -> dict[str, float]:
        """The answer to the last `send`, or _Lost (and the child killed) when it is late."""
        try:
            reply = self._reply(self.deadline, f"analysis took longer than {seconds:g} s")
        except _Lost:
            self.close()
            raise
        if "error" in reply:
            raise _Lost(str(reply["error"]))
        return {str(k): float(v) for k, v in dict(reply["metrics"]).items()}

    def close(self) -> None:
        process, self.process, self.buffer = self.process, None, b""
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def running(self) -> subprocess.Popen[bytes]:
        """The child, started (and warmed up) if it was not running."""
        if self.process is not None and self.process.poll() is None:
            return self.process
        self.close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harness.metrics.analysis", self.task, self.embedder],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # killpg reaches anything it started
        )
        late = f"no answer within {START_SECONDS:g} s"
        try:
            ready = self._reply(time.monotonic() + START_SECONDS, late)
        except _Lost as exc:
            self.close()
            raise AnalysisError(f"the {self.task} analysis process did not start: {exc}") from None
        if "error" in ready:
            self.close()
            raise AnalysisError(f"the {self.task} analysis cannot start: {ready['error']}")
        return self.process

    def _reply(self, deadline: float, late: str) -> dict[str, Any]:
        """The child's next JSON line, or _Lost at `deadline` or when the child ends."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = max(0.0, deadline - time.monotonic())  # an answer already there still counts
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                raise _Lost(late)
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise _Lost("the analysis process ended unexpectedly")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        reply: dict[str, Any] = json.loads(line)
        return reply


class AnalysisWorker:
    """The parent's side: one child per analysis, fed the same program side by side."""

    def __init__(self, embedder: str = "minilm", seconds: float = DEFAULT_ANALYSIS_SECONDS) -> None:
        if not seconds > 0:
            raise ValueError(f"the analysis time limit must be > 0 seconds, got {seconds}")
        self.embedder = embedder
        self.seconds = seconds
        self.restarts = 0  # children killed or lost (a test can check a budget was enforced)
        self._children = {task: _Child(task, embedder) for task in TASKS}
        self._lock = threading.Lock()  # one program at a time (two items may score at once)

    def analyze(self, code: str, reference: str, tasks: Sequence[str] = TASKS) -> Analysis:
        """Similarity to `reference` and code quality of `code` (or the analyses `tasks` names),
        each within the budget."""
        with self._lock:
            return self._analyze(code, reference, tasks)

    def _analyze(self, code: str, reference: str, tasks: Sequence[str]) -> Analysis:
        metrics: dict[str, float] = {}
        problems = []
        sent = []
        for task in tasks:  # start-ups first: they are not charged to the program
            self._children[task].running()
        for task in tasks:
            try:
                self._children[task].send(code, reference, self.seconds)
                sent.append(task)
            except _Lost as exc:
                self.restarts += 1
                problems.append(f"{task} metrics missing: {exc}")
        for task in sent:
            child = self._children[task]
            try:
                metrics.update(child.metrics(self.seconds))
            except _Lost as exc:
                if child.process is None:  # killed for being late, or died
                    self.restarts += 1
                problems.append(f"{task} metrics missing: {exc}")
        return Analysis(metrics, tuple(problems))

    def close(self) -> None:
        """Stop the children (if any)."""
        for child in self._children.values():
            child.close()


_WORKERS: dict[tuple[str, float], AnalysisWorker] = {}
_WORKERS_LOCK = threading.Lock()


def shared_worker(embedder: str, seconds: float) -> AnalysisWorker:
    """One analysis process per harness process, embedder and budget."""
    key = (embedder, seconds)
    with _WORKERS_LOCK:
        if key not in _WORKERS:
            _WORKERS[key] = AnalysisWorker(embedder, seconds)
        return _WORKERS[key]


def running_analyses() -> list[str]:
    """The analyses whose child process this process has started and not stopped."""
    return sorted(
        task
        for worker in _WORKERS.values()
        for task, child in worker._children.items()
        if child.process is not None
    )


@atexit.register
def close_all() -> None:
    """Stop every analysis process of this harness process."""
    for worker in list(_WORKERS.values()):
        worker.close()


# --- the child -------------------------------------------------------------------------------


def _analysis(task: str, embedder_spec: str) -> Callable[[str, str], dict[str, float]]:
    """The function a child runs per program: (code, reference) -> metrics."""
    if task == "quality":
        from harness.metrics.quality import QualityAnalyzer

        analyzer = QualityAnalyzer()
        return lambda code, reference: analyzer.analyze([code])[0].as_metrics()
    if task == "similarity":
        from harness.metrics.code_similarity import similarity_metrics
        from harness.metrics.embedding import shared_embedder

        embedder = shared_embedder(embedder_spec)  # the reference is encoded once per item
        return lambda code, reference: similarity_metrics([code], reference, embedder)[0]
    raise ValueError(f"unknown analysis {task!r}; expected one of {', '.join(TASKS)}")


def _send(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _child(task: str, embedder_spec: str) -> None:
    out = os.fdopen(os.dup(1), "w", encoding="ascii")  # the protocol's channel
    os.dup2(2, 1)  # whatever the libraries print must not reach it
    try:
        analyse = _analysis(task, embedder_spec)
        analyse(_WARM_UP, _WARM_UP)  # imports, models and pylint's checkers, paid once here
        freeze_loaded()  # what loading made is never scanned again by the collector
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        _send(out, {"error": f"{type(exc).__name__}: {exc}"})
        return
    _send(out, {"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            metrics = analyse(request["code"], request["reference"])
        except Exception as exc:  # noqa: BLE001 - one program's failure, not the child's
            where = traceback.extract_tb(exc.__traceback__)[-1]
            _send(out, {"error": f"{type(exc).__name__}: {str(exc)[:200]} (in {where.name})"})
            continue
        _send(out, {"metrics": metrics})


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "minilm")
