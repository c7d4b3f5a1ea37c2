# expect: runtime_error
# mode: tests
# reason: test process was killed
# why: kills every process it can reach (the test process among them) during a call, so no
#      test result is ever reported; that is its failure, never a pass.
import contextlib
import os
import signal


def add(a, b):
    with contextlib.suppress(OSError):
        os.kill(-1, signal.SIGKILL)
    return a + b
