"""One program's run inside the sandbox worker: fork, clock, calls, watchdog, clean-up.

The worker (trusted) forks the program's process, forwards each call's arguments only when that
call starts and stops the clock when the whole reply has arrived, so latency is measured on the
worker's side. It drains stdout/stderr into capped buffers, and every `TICK` seconds counts the
processes and threads in the sandbox (a fork bomb is stopped at `max_processes`) and their memory
above the worker's own baseline (several processes together may not exceed `memory_mb`). At the
end it kills everything the program started and reaps it with wait4, keeping the largest peak
RSS the kernel reports (and the largest RSS it sampled, which a program cannot reset).
Copied into the sandbox; imports nothing from the project.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import time
from typing import TYPE_CHECKING, Any

from . import child, procs, wire

if TYPE_CHECKING:
    from .runner import Worker

TICK = 0.05
PROTOCOL = "the program broke the harness protocol"
# The folder on sys.path that holds this package (the program's process takes it off sys.path).
_LIB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Stop(Exception):
    """The worker ended the program: timeout, processes, memory or violation."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind, self.detail = kind, detail


class Session:
    """Run one program (a "function" or "tests" job) and report what happened."""

    def __init__(self, worker: Worker, header: dict[str, Any], code: bytearray) -> None:
        self.worker, self.code = worker, code
        self.kind, self.limits = str(header["kind"]), dict(header["limits"])
        self.entry_point = header.get("entry_point")
        self.cleanup: list[str] = []
        self.failure, self.tests_report = bytearray(), bytearray()
        self.setup_error, self.setup_done, self.completed = "", False, False
        self.stop: Stop | None = None
        self.program_exit: dict[str, int] | None = None
        self.tests_exit: dict[str, int] | None = None
        self.pid = self.tests_pid = 0
        self.reaped = self.killing = False
        self.peak_kb, self.sampled_kb, self.cpu_seconds, self.idle_rss_kb = 0, 0, 0.0, 0
        self._last_watch, self._seen_pid = 0.0, -1

    # --- start ---------------------------------------------------------------------------------
    def start(self) -> None:
        w = self.worker
        chan, chan_q = (s.detach() for s in socket.socketpair())
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        pipes = {"channel": chan_q, "out": out_w, "err": err_w}
        self.tests_fd = -1
        if self.kind == "tests":
            self.tests_fd, pipes["tests"] = (s.detach() for s in socket.socketpair())
        workdir = "/tmp"
        if w.isolation == "plain":
            workdir = os.path.realpath(os.path.join(w.workdir, f"p{time.monotonic_ns()}"))
            os.mkdir(workdir, 0o700)
            self.cleanup.append(workdir)
        job = {
            "kind": self.kind,
            "entry_point": self.entry_point,
            "limits": self.limits,
            "uid": os.getuid(),
            "gid": os.getgid(),
            "lib_dir": _LIB,
        }
        self._start_pid = procs.last_pid()
        self.t0 = time.monotonic()
        self.deadline = self.t0 + float(self.limits["wall_seconds"])
        pid = os.fork()
        if pid == 0:
            try:
                child.program_main(self.code, job, pipes, w.isolation, workdir)
            finally:
                os._exit(70)
        self.pid = pid
        wire.wipe(self.code)
        for fd in (chan_q, out_w, err_w, pipes.get("tests", -1)):
            if fd >= 0:
                os.close(fd)
        self.chan = chan
        os.set_blocking(chan, False)
        self.reader = wire.FrameReader(chan, int(self.limits["output_mb"]) * 2**20 + 65536)
        self.out, self.err = procs.Capture(out_r), procs.Capture(err_r)
        try:
            self.pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.pidfd = -1

    # --- waiting -------------------------------------------------------------------------------
    def pump(self, read: list[int], write: list[int]) -> tuple[list[int], list[int]]:
        """One round of waiting: drains output, watches processes, enforces the clock."""
        outputs = [c.fd for c in (self.out, self.err) if c.fd >= 0]
        try:
            ready_r, ready_w = wire.wait_fds(read + outputs, write, self.deadline, TICK)
        except wire.TimedOut:
            raise Stop("timeout", "wall-clock limit") from None
        for capture in (self.out, self.err):
            if capture.fd >= 0 and capture.fd in ready_r:
                capture.drain()
        self.watch()
        return ready_r, ready_w

    def program_gone(self) -> bool:
        if not self.reaped:
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.record(pid, status, usage)
        return self.reaped

    def reap_orphans(self) -> None:
        """As init (or subreaper) collect finished processes, keeping their peak memory."""
        try:
            while (reaped := os.wait4(-1, os.WNOHANG))[0]:
                self.record(*reaped)
        except ChildProcessError:
            pass

    def recv(self) -> tuple[bytes, bytearray] | None:
        """Next frame from the program, or None once it has exited or closed the channel."""
        while True:
            gone = self.program_gone()  # checked first: what it wrote before exiting is read
            try:
                frame = self.reader.poll()
            except wire.Closed:
                return None
            except wire.WireError as exc:
                raise Stop("violation", f"{PROTOCOL}: {exc}") from None
            if frame is not None or gone:
                return frame
            self.pump([self.chan] + ([self.pidfd] if self.pidfd >= 0 else []), [])

    def send_program(self, tag: bytes, payload: bytearray) -> bool:
        for part in (wire.HEADER.pack(tag, len(payload)), payload):
            view = memoryview(part)
            while view:
                try:
                    view = view[os.write(self.chan, view) :]
                except BlockingIOError:
                    if self.program_gone():
                        return False
                    self.pump([self.pidfd] if self.pidfd >= 0 else [], [self.chan])
                except (BrokenPipeError, ConnectionResetError):
                    return False
        return True

    def wrote_out_of_turn(self) -> bool:
        """Data from the program before its call started (a reply cannot precede its input)."""
        if not wire.wait_fds([self.chan], [], None, 0)[0]:
            return False
        try:
            self.reader.poll()
        except wire.Closed:
            return False  # it exited: the call below finds out
        except wire.WireError:
            return True
        return True

    def wait_exit(self) -> None:
        while not self.program_gone():
            self.pump([self.pidfd] if self.pidfd >= 0 else [], [])

    def watch(self) -> None:
        """Sample the program's memory; stop it for too many processes/threads, or for too much
        memory in several processes (the scan needs the sandbox's own pid namespace)."""
        now = time.monotonic()
        if now - self._last_watch < TICK:
            return
        self._last_watch = now
        if not self.reaped:  # a sample: a program can reset its kernel peak counter, not this
            self.sampled_kb = max(self.sampled_kb, procs.rss_kb(self.pid))
        if os.getpid() != 1:
            return
        self.reap_orphans()
        last = procs.last_pid()
        if last == self._start_pid + (2 if self.tests_pid else 1) and self._seen_pid < 0:
            return  # nothing but the program's own process (and the tests) was created
        self._seen_pid = last
        threads, processes, extra_kb, largest = procs.usage(
            exclude=(1, self.tests_pid), baseline_kb=self.worker.baseline_rss_kb
        )
        self.sampled_kb = max(self.sampled_kb, largest)
        limit = int(self.limits["max_processes"])
        if threads > limit:
            raise Stop("processes", f"more than {limit} processes and threads at once")
        memory_mb = int(self.limits["memory_mb"])
        if processes > 1 and extra_kb > memory_mb * 1024:
            raise Stop("memory", f"its processes used more than {memory_mb} MiB together")

    # --- the job -------------------------------------------------------------------------------
    def await_load(self) -> bool:
        frame = self.recv()
        if frame is None or frame[0] == b"H":
            self.setup_error = frame[1].decode(errors="replace") if frame else "died during set-up"
            return False
        if frame[0] != b"S":
            raise Stop("violation", f"{PROTOCOL} during set-up")
        self.setup_done = True
        frame = self.recv()
        if frame is not None and frame[0] == b"X":
            self.failure = frame[1]
        elif frame is not None and frame[0] != b"L":
            raise Stop("violation", f"{PROTOCOL}: frame {frame[0]!r} while loading")
        return frame is not None and frame[0] == b"L"

    def run_calls(self) -> None:
        self.worker.send({"event": "loaded"})
        index = 0
        while True:
            tag, payload = self.worker.receive(b"A", b"E")
            if tag == b"E":
                break
            if self.wrote_out_of_turn():
                raise Stop("violation", f"{PROTOCOL}: it wrote to the channel out of turn")
            start = time.perf_counter()
            sent = self.send_program(b"A", payload)
            wire.wipe(payload)
            frame = self.recv() if sent else None
            seconds = time.perf_counter() - start
            if frame is None:
                return
            if frame[0] == b"X":
                self.failure = frame[1]
                return
            if frame[0] not in (b"V", b"I"):
                raise Stop("violation", f"{PROTOCOL}: frame {frame[0]!r} as a result")
            if bytes(frame[1][: wire.CALL_INDEX.size]) != wire.CALL_INDEX.pack(index):
                raise Stop("violation", f"{PROTOCOL}: a reply that is not for call {index}")
            self.worker.send(
                {"event": "call", "index": index, "seconds": seconds, "kind": frame[0].decode()},
                [memoryview(frame[1])[wire.CALL_INDEX.size :]],
            )
            wire.wipe(frame[1])
            index += 1
        self.completed = True
        self.close_channel()
        self.wait_exit()

    def close_channel(self) -> None:
        if self.chan >= 0:
            os.close(self.chan)
            self.chan = -1

    def run_tests(self) -> None:
        self.worker.send({"event": "loaded"})
        _, test_code = self.worker.receive(b"T")
        report_r, report_w = os.pipe()
        self.tests_pid = self.worker.fork_tests(
            self, test_code, {"report": report_w, "candidate": self.tests_fd}
        )
        for fd in (report_w, self.tests_fd):
            os.close(fd)
        self.tests_fd = -1
        os.set_blocking(report_r, False)
        reader = wire.FrameReader(report_r, 16 * 2**20)
        try:
            while not self.tests_report:
                try:
                    frame = reader.poll()
                except (wire.Closed, wire.WireError):
                    break
                if frame is not None:
                    self.tests_report = frame[1]
                else:
                    self.pump([report_r], [])
        finally:
            os.close(report_r)
        self.completed = bool(self.tests_report)

    def run(self) -> tuple[dict[str, Any], list[bytearray | memoryview]]:
        try:
            self.start()
            if self.await_load():
                self.run_tests() if self.kind == "tests" else self.run_calls()
        except Stop as stop:
            self.stop = stop
        return self.finish()

    def run_calibration(self) -> tuple[dict[str, Any], list[bytearray | memoryview]]:
        self.start()
        if self.await_load():
            with open(f"/proc/{self.pid}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        self.idle_rss_kb = int(line.split()[1])
            self.close_channel()
            self.wait_exit()
        return self.finish()

    # --- the end -------------------------------------------------------------------------------
    def record(self, pid: int, status: int, usage: Any) -> None:
        if pid == self.tests_pid:
            self.tests_exit = procs.exit_info(status)
            return
        if pid == self.pid:
            self.reaped = True
            if not self.killing:  # an exit of its own, not our SIGKILL at the end
                self.program_exit = procs.exit_info(status)
        self.peak_kb = max(self.peak_kb, int(usage.ru_maxrss))
        self.cpu_seconds += float(usage.ru_utime + usage.ru_stime)

    def kill_all(self) -> None:
        """Kill and reap every process the program (and the tests) started."""
        self.killing = True
        procs.kill_and_reap(self.pid, lambda: self.reaped, self.record)

    def settle(self, seconds: float) -> None:
        """Give a program that stopped talking a moment to finish exiting on its own.

        Its end of the channel closes before the kernel reports the exit: without this, the exit
        status (e.g. os._exit(0) in a call) would be lost to our clean-up SIGKILL.
        """
        end = min(self.deadline, time.monotonic() + seconds)
        try:
            while not self.program_gone() and time.monotonic() < end:
                self.pump([self.pidfd] if self.pidfd >= 0 else [], [])
        except Stop as stop:
            self.stop = stop

    def finish(self) -> tuple[dict[str, Any], list[bytearray | memoryview]]:
        if self.pid:
            if self.stop is None:
                self.settle(2.0)
            self.kill_all()
            self.close_channel()
            for capture in (self.out, self.err):
                end = time.monotonic() + 2
                while capture.fd >= 0:
                    try:
                        if wire.wait_fds([capture.fd], [], end)[0]:
                            capture.drain()
                    except wire.TimedOut:
                        break
                capture.close()
            for fd in (self.pidfd, self.tests_fd):
                if fd >= 0:
                    os.close(fd)
        for path in self.cleanup:
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        stop = self.stop
        done = {
            "event": "done",
            "wall": time.monotonic() - self.t0 if self.pid else 0.0,
            "stop": stop.kind if stop else None,
            "detail": stop.detail if stop else "",
            "completed": self.completed,
            "setup_done": self.setup_done,
            "setup_error": self.setup_error,
            "exit": self.program_exit,
            "tests_exit": self.tests_exit,
            "peak_kb": max(self.peak_kb, self.sampled_kb),
            "cpu_seconds": self.cpu_seconds,
            "baseline_kb": self.worker.baseline_kb,
            "stdout_bytes": self.out.total if self.pid else 0,
            "stderr_bytes": self.err.total if self.pid else 0,
        }
        frames: list[bytearray | memoryview] = [
            self.failure,
            self.out.kept() if self.pid else bytearray(),
            self.err.kept() if self.pid else bytearray(),
            self.tests_report,
        ]
        return done, frames

    def wipe(self) -> None:
        for buffer in (
            self.failure,
            self.tests_report,
            *((self.out.buf, self.err.buf) if self.pid else ()),
        ):
            wire.wipe(buffer)
