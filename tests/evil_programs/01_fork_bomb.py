# expect: runtime_error
# reason: processes and threads
# why: every process forks forever; the worker's watchdog stops the sandbox at max_processes.
import contextlib
import os


def solve(x):
    while True:
        with contextlib.suppress(OSError):
            os.fork()
