"""Process chores of the sandbox worker: output capture, exit statuses, usage, kill and reap.

Copied into the sandbox; imports nothing from the project.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable
from typing import Any

OUTPUT_CAP = 64 * 1024
_SCRATCH = 256 * 1024


class Capture:
    """Keeps the first OUTPUT_CAP bytes of a pipe, counts and discards the rest.

    Fixed-size buffers, wiped at the end: nothing of the output is left in freed memory.
    """

    def __init__(self, fd: int) -> None:
        self.fd, self.total, self.size = fd, 0, 0
        self.buf, self._scratch = bytearray(OUTPUT_CAP), bytearray(_SCRATCH)
        self._used = 0
        os.set_blocking(fd, False)

    def drain(self) -> None:
        try:
            n = os.readv(self.fd, [self._scratch])
        except BlockingIOError:
            return
        if n == 0:
            self.close()
            return
        self._used = max(self._used, n)
        keep = min(n, OUTPUT_CAP - self.size)
        if keep > 0:
            self.buf[self.size : self.size + keep] = memoryview(self._scratch)[:keep]
            self.size += keep
        self.total += n

    def kept(self) -> memoryview:
        return memoryview(self.buf)[: self.size]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        self._scratch[: self._used] = bytes(self._used)
        self._used = 0


def last_pid() -> int:
    """The last pid handed out in this pid namespace (it grows with every fork and thread)."""
    try:
        with open("/proc/sys/kernel/ns_last_pid", encoding="ascii") as handle:
            return int(handle.read())
    except (OSError, ValueError):
        return -1


def exit_info(status: int) -> dict[str, int]:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"code": os.waitstatus_to_exitcode(status)}


def rss_kb(pid: int) -> int:
    """Current resident memory of one process (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def usage(exclude: Iterable[int], baseline_kb: int) -> tuple[int, int, int, int]:
    """Threads, processes, resident memory above `baseline_kb` summed over processes, and the
    largest resident memory of one process."""
    skip = set(exclude)
    threads, processes, extra_kb, largest = 0, 0, 0, 0
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in skip:
            continue
        try:
            with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        processes += 1
        threads += int(fields.get("Threads", "1").strip() or 1)
        rss = int((fields.get("VmRSS", "0 kB").split() or ["0"])[0])
        extra_kb += max(0, rss - baseline_kb)
        largest = max(largest, rss)
    return threads, processes, extra_kb, largest


def kill_and_reap(
    program: int, program_reaped: Callable[[], bool], record: Callable[[int, int, Any], None]
) -> None:
    """SIGKILL everything the program started and wait4 each process (record gets the usage).

    As pid 1 of the sandbox, kill(-1) reaches every process but the worker. Without a pid
    namespace (plain mode) the worker is a subreaper: kill the program's process group, then
    each child, until orphans stop coming back.
    """
    if os.getpid() == 1:
        while True:
            with contextlib.suppress(ProcessLookupError):
                os.kill(-1, signal.SIGKILL)
            try:
                record(*os.wait4(-1, 0))
                while (reaped := os.wait4(-1, os.WNOHANG))[0]:
                    record(*reaped)
            except ChildProcessError:
                return
    end = time.monotonic() + 10
    while time.monotonic() < end:
        if not program_reaped():  # while unreaped, its pid cannot name another process group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(program, signal.SIGKILL)
        children = _children()
        if not children:
            return
        for pid in children:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                record(*os.wait4(pid, 0))


def _children() -> list[int]:
    """Pids whose parent is this process (plain mode: adopted orphans included)."""
    me, found = os.getpid(), []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(name))
    return found
