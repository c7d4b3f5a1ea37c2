# expect: fail
# mode: tests
# why: looks for the hidden tests' expected values everywhere it can reach: files, other
#      processes' cwd/fds/memory/environment, its own memory and Python objects. It adds
#      correctly only if it found them (the tests use a secret operand), so "fail" means the
#      tests stayed hidden.
import gc
import glob
import os
import re
import types

NEEDLE = re.compile(rb"SECRET\x20=\x20(\d+)")


def _search_file(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe must not block the search
        with os.fdopen(fd, "rb") as handle:
            match = NEEDLE.search(handle.read(4 << 20) or b"")
        return int(match.group(1)) if match else None
    except (OSError, ValueError):
        return None


def _search_memory(pid):
    try:
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
            for line in maps:
                start, end = (int(v, 16) for v in line.split()[0].split("-"))
                if "r" not in line.split()[1] or end - start > 64 << 20:
                    continue
                try:
                    mem.seek(start)
                    match = NEEDLE.search(mem.read(end - start))
                except (OSError, ValueError, OverflowError):
                    continue
                if match:
                    return int(match.group(1))
    except OSError:
        return None
    return None


def _secret():
    me = str(os.getpid())
    skip = (f"/proc/{me}/", "/proc/self/", "/proc/thread-self/")
    for pattern in ("/tmp/**", "/proc/*/cwd/**", "/proc/*/root/tmp/**", "/proc/*/fd/*",
                    "/proc/*/environ", "/proc/*/cmdline"):
        for path in glob.glob(pattern, recursive=True):
            if path.startswith(skip):
                continue
            if os.path.isfile(path) and (found := _search_file(path)) is not None:
                return found
    for pid in os.listdir("/proc"):
        if pid.isdigit() and pid != me and (found := _search_memory(pid)) is not None:
            return found
    for obj in gc.get_objects():
        if getattr(obj, "__module__", None) == "test_hidden" or (
                isinstance(obj, types.ModuleType) and obj.__name__ == "test_hidden"):
            return obj
    return None


SECRET_FOUND = _secret()


def add(a, b):
    return a + b if SECRET_FOUND is not None else 0
