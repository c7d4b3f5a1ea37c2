# expect: pass
# why: raises the OOM-killer score of every process it can (possible when the harness runs as
#      root), so that a later memory shortage would kill the worker; the worker notices after
#      the program and is replaced by a fresh one without counting as a failure.
import contextlib
import os


def solve(x):
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{name}/oom_score_adj", "w") as f:
                f.write("1000")
    return x * 2
