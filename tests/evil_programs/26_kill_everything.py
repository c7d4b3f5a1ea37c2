# expect: pass
# why: kill(-1, SIGKILL) reaches every process it may signal: inside the sandbox that is only
#      its own (init is exempt), never the harness.
import contextlib
import os
import signal


def solve(x):
    with contextlib.suppress(OSError):
        os.kill(-1, signal.SIGKILL)
    return x * 2
