# expect: pass
# why: tries to ptrace the worker, read and write its memory, and read its environment, open
#      files (their targets) and working directory through /proc. All must be refused.
import ctypes
import os


def solve(x):
    got_in = []
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.ptrace(16, 1, None, None) == 0:  # PTRACE_ATTACH
        got_in.append("ptrace")
    for path, mode in (("/proc/1/mem", "r+b"), ("/proc/1/mem", "rb"), ("/proc/1/environ", "rb")):
        try:
            with open(path, mode) as handle:
                handle.read(1)
            got_in.append(path)
        except OSError:
            pass
    for path in ("/proc/1/cwd", "/proc/1/root"):
        try:
            os.listdir(path)
            got_in.append(path)
        except OSError:
            pass
    try:
        numbers = os.listdir("/proc/1/fd")  # allowed when run as root: numbers, no access
    except OSError:
        numbers = []
    for number in numbers:
        try:
            os.readlink(f"/proc/1/fd/{number}")
            got_in.append(f"fd {number}")
        except OSError:
            pass
    return x if got_in else x * 2
