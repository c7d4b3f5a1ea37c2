# expect: pass
# why: the classic daemon: fork, setsid, fork again, exec a sleeper; the parent returns at once.
import os
import sys

MARK = "iotbench-evil-7c1d"


def solve(x):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)",
                                      f"{MARK}-daemon"])
        os._exit(0)
    return x * 2
