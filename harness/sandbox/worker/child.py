"""The program's process: forked from the sandbox worker, isolated, then runs the candidate.

`program_main` runs in a fresh fork of the worker. Before any candidate code runs it gives the
process a private /tmp and /dev/shm (a new user and mount namespace with size-limited tmpfs), its
own rlimits, no capabilities and no_new_privs, and closes every fd but its channel to the worker
and its stdout/stderr pipes. Then it compiles and runs the candidate, tells the worker it loaded
(frame "L"), and answers calls: arguments arrive one call at a time over the channel, so the
program cannot work on an input before the worker starts that call's clock.

Frames to the worker: "S" setup done, "L" loaded, "V" a call's index and value (packed array), "I"
a call's index and why its value is unusable, "X" failure (JSON status/reason), "H" setup failure
(only before "S").
Copied into the sandbox; imports nothing from the project.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import resource
import signal
import sys
import types
from typing import Any, NoReturn

from . import wire

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
PR_SET_PDEATHSIG = 1
CHANNEL_FD, TESTS_FD = 3, 4  # where the program's channels sit after setup


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def private_mounts(uid: int, gid: int, tmp_mb: int) -> None:
    """New user + mount namespace with fresh size-limited tmpfs on /tmp and /dev/shm.

    The kernel lets a process without CAP_SETFCAP map any id but the parent namespace's 0, so
    the worker must not be uid 0 in its own namespace (the harness runs bubblewrap with
    --uid 65534 when it is root).
    """
    libc = _libc()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare")
    for name, text in (
        ("setgroups", "deny"),
        ("uid_map", f"{uid} {uid} 1"),
        ("gid_map", f"{gid} {gid} 1"),
    ):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
            handle.write(text)
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
    # Python itself may live under /tmp (a checkout in a temporary directory): hold on to those
    # directories before the fresh tmpfs hides them, and bind them back on top of it.
    keep = {
        path: os.open(path, os.O_PATH | os.O_DIRECTORY)
        for path in _python_dirs()
        if path.startswith(("/tmp/", "/dev/shm/"))
    }
    options = f"size={tmp_mb}m,nr_inodes={max(1024, tmp_mb * 64)},mode=1777".encode()
    for target in (b"/tmp", b"/dev/shm"):
        _check(
            libc.mount(b"tmpfs", target, b"tmpfs", MS_NOSUID | MS_NODEV, options),
            f"mount tmpfs on {target.decode()}",
        )
    for path, fd in keep.items():
        os.makedirs(path, exist_ok=True)
        _check(
            libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None, MS_BIND | MS_REC, None),
            f"bind {path}",
        )
        os.close(fd)


def _python_dirs() -> list[str]:
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    prefixes.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    return sorted(prefixes)


def drop_privileges() -> None:
    """No capabilities (bounding set included, so exec cannot regain them), no_new_privs."""
    libc = _libc()
    try:
        with open("/proc/sys/kernel/cap_last_cap", encoding="ascii") as handle:
            last = int(handle.read())
    except OSError:
        last = 40
    for cap in range(last + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # EPERM without CAP_SETPCAP: nothing to drop
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "capset")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def _vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def set_limits(limits: dict[str, Any]) -> None:
    """rlimits; the address-space budget comes on top of what the preloaded libraries map."""
    cpu = int(limits["cpu_seconds"])
    memory = _vm_size_bytes() + int(limits["memory_mb"]) * 2**20
    for name, soft, hard in (
        ("RLIMIT_AS", memory, memory),
        ("RLIMIT_CPU", cpu, cpu + 1),
        ("RLIMIT_FSIZE", limits["file_mb"] * 2**20, limits["file_mb"] * 2**20),
        ("RLIMIT_CORE", 0, 0),
    ):
        resource.setrlimit(getattr(resource, name), (int(soft), int(hard)))


def _arrange_fds(channel: int, out_w: int, err_w: int, tests: int | None) -> None:
    """stdin from /dev/null, stdout/stderr to the worker's pipes, channels at fixed numbers."""
    wanted = [
        (os.open(os.devnull, os.O_RDONLY), 0),
        (out_w, 1),
        (err_w, 2),
        (channel, CHANNEL_FD),
    ] + ([(tests, TESTS_FD)] if tests is not None else [])
    high = [(fcntl.fcntl(fd, fcntl.F_DUPFD, 1000), target) for fd, target in wanted]
    for fd, target in high:
        os.dup2(fd, target, inheritable=target < CHANNEL_FD)
    os.closerange(max(target for _, target in wanted) + 1, 1 << 20)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):  # the program may have replaced or closed them
            stream.flush()


def _exit(code: int) -> NoReturn:
    _flush()
    os._exit(code)


def _describe(exc: BaseException) -> str:
    try:
        text = f"{type(exc).__name__}: {exc}"
    except BaseException:  # noqa: BLE001 - a hostile __str__
        text = f"{type(exc).__name__}: <unprintable>"
    return text[:500]


def _fail(status: str, reason: str) -> NoReturn:
    payload = json.dumps({"status": status, "reason": reason[:500]}).encode()
    with contextlib.suppress(OSError):
        wire.send_frame(CHANNEL_FD, b"X", payload)
    _exit(1)


def program_main(
    code: bytearray, job: dict[str, Any], pipes: dict[str, int], isolation: str, workdir: str
) -> NoReturn:
    """Never returns: sets the process up, runs the candidate, serves calls, exits."""
    try:
        os.setsid()
        _arrange_fds(pipes["channel"], pipes["out"], pipes["err"], pipes.get("tests"))
        if isolation == "ns":
            private_mounts(int(job["uid"]), int(job["gid"]), int(job["limits"]["tmp_mb"]))
        elif isolation == "plain":  # no pid namespace: at least follow the worker when it dies
            _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        os.chdir(workdir)
        set_limits(job["limits"])
        drop_privileges()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.argv = ["candidate.py"]
        sys.path[:] = [p for p in sys.path if p != job["lib_dir"]]
        if "numpy.random" in sys.modules:
            sys.modules["numpy.random"].seed()  # independent of the other forks, as a new process
        source = code.decode("utf-8", "replace")
        wire.wipe(code)
        wire.send_frame(CHANNEL_FD, b"S")
    except BaseException as exc:  # noqa: BLE001 - reported as ours: no candidate code ran yet
        try:
            wire.send_frame(CHANNEL_FD, b"H", _describe(exc).encode())
        finally:
            os._exit(70)
    module = _load(source, job.get("entry_point"))
    wire.send_frame(CHANNEL_FD, b"L")
    if job["kind"] == "tests":
        _serve_tests(module, int(job["limits"]["output_mb"]))
    entry_point = job["entry_point"]
    function = getattr(module, entry_point) if entry_point else None
    _serve_calls(function, int(job["limits"]["output_mb"]))


def _load(source: str, entry_point: str | None) -> types.ModuleType:
    try:
        compiled = compile(source, "candidate.py", "exec")
    except SyntaxError as exc:
        _fail("syntax_error", f"line {exc.lineno}: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:
        _fail("syntax_error", f"cannot compile: {type(exc).__name__}")
    module = types.ModuleType("candidate")
    module.__file__ = "candidate.py"
    sys.modules["candidate"] = module
    try:
        exec(compiled, module.__dict__)  # noqa: S102 - the sandboxed program, by design
    except MemoryError:
        _fail("oom", "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt are failures too
        _fail("runtime_error", _describe(exc))
    if entry_point is not None and not callable(module.__dict__.get(entry_point)):
        _fail("runtime_error", f"the program defines no function {entry_point!r}")
    return module


def _serve_calls(function: Any, output_mb: int) -> NoReturn:
    """Answer each call with its index and the value: the worker matches replies to calls."""
    reader = wire.FrameReader(CHANNEL_FD, 1 << 40)
    index = -1
    while True:
        index += 1
        try:
            _, payload = wire.recv_frame(reader)
        except (wire.Closed, OSError):
            _exit(0)
        kwargs = wire.unpack(payload)
        del payload  # the decoded arrays are copies: do not hold the bytes during the call
        try:
            result = function(**kwargs)
        except MemoryError:
            _fail("oom", "MemoryError")
        except BaseException as exc:  # noqa: BLE001 - any exception of the program is its failure
            _fail("runtime_error", _describe(exc))
        tag, data = _as_array_frame(result, output_mb)
        _flush()
        wire.send_frame(CHANNEL_FD, tag, wire.CALL_INDEX.pack(index) + data)


def _as_array_frame(result: Any, output_mb: int) -> tuple[bytes, bytes]:
    import numpy as np

    try:
        value = np.asarray(result)
    except Exception as exc:  # noqa: BLE001 - any conversion failure is the program's
        return b"I", f"cannot convert to an array: {type(exc).__name__}".encode()
    if value.dtype.hasobject:
        return b"I", f"returned {type(result).__name__}, not an array of numbers".encode()
    if value.nbytes > output_mb * 2**20:
        return b"I", (
            f"returned {value.nbytes / 2**20:.0f} MiB, more than the output limit of "
            f"{output_mb} MiB"
        ).encode()
    try:
        return b"V", wire.pack(value)
    except wire.WireError as exc:
        return b"I", str(exc).encode()


def _serve_tests(module: types.ModuleType, output_mb: int) -> NoReturn:
    """Answer the test process: (name, args, kwargs) in, "R" packed value or "E" error out."""
    reader = wire.FrameReader(TESTS_FD, 1 << 40)
    while True:
        try:
            _, payload = wire.recv_frame(reader)
        except (wire.Closed, OSError):
            _exit(0)
        name, args, kwargs = wire.unpack(payload)
        function = getattr(module, name, None)
        try:
            if not callable(function):
                raise AttributeError(f"the program defines no function {name!r}")
            data = wire.pack(function(*args, **kwargs))
            tag = b"R"
        except wire.WireError as exc:
            tag, data = (
                b"E",
                wire.pack(
                    ("TypeError", f"{name}() returned a value the tests cannot receive: {exc}")
                ),
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the tests as an exception
            text = _describe(exc)
            tag, data = b"E", wire.pack((type(exc).__name__, text.partition(": ")[2]))
        if len(data) > output_mb * 2**20:
            tag, data = (
                b"E",
                wire.pack(
                    (
                        "ValueError",
                        f"{name}() returned more than the output limit of {output_mb} MiB",
                    )
                ),
            )
        _flush()
        try:
            wire.send_frame(TESTS_FD, tag, data)
        except (wire.Closed, OSError):
            _exit(0)
