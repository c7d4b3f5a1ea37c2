# expect: pass
# why: sends SIGKILL, SIGTERM, SIGINT and SIGSTOP to its parent and to pid 1 (the worker); the
#      worker is init of its pid namespace, so the kernel drops them. It then answers normally,
#      and the worker goes on serving the next programs.
import contextlib
import os
import signal


def solve(x):
    for target in {os.getppid(), 1}:
        for sig in (signal.SIGSTOP, signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(OSError):
                os.kill(target, sig)
    return x * 2
