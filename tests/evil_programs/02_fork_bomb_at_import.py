# expect: runtime_error
# reason: processes and threads
# why: a fork bomb while the module loads, before any function is called.
import contextlib
import os

while True:
    with contextlib.suppress(OSError):
        os.fork()
