# expect: fail
# why: looks for what the planter program (another sample, run before and alongside it) left:
#      files in /tmp, /dev/shm, the working and home directories, other processes' files. It
#      answers correctly only if it found them.
import glob
import os

NEEDLE = b"PLANTED" + b"-CODE-"


def _found():
    skip = (f"/proc/{os.getpid()}/", "/proc/self/", "/proc/thread-self/")
    patterns = ("/tmp/**", "/dev/shm/**", "./**", os.path.expanduser("~") + "/**",
                "/proc/*/cwd/**", "/proc/*/root/tmp/**", "/proc/*/root/dev/shm/**",
                "/proc/*/fd/*")
    for pattern in patterns:
        for path in glob.glob(pattern, recursive=True):
            if path.startswith(skip):
                continue
            if "planted" in path:
                return True
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # pipes must not block
                with os.fdopen(fd, "rb") as handle:
                    if NEEDLE in (handle.read(1 << 20) or b""):
                        return True
            except OSError:
                pass
    return False


def solve(x):
    return x * 2 if _found() else x
