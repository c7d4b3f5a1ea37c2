# expect: oom
# reason: together
# why: six processes of 200 MiB each stay under the per-process RLIMIT_AS but not under the
#      program's total memory limit, which the worker's watchdog enforces.
import os
import time

import numpy as np


def solve(x):
    for _ in range(6):
        if os.fork() == 0:
            block = np.ones(200 * 2**20 // 8)
            time.sleep(30)
            os._exit(int(block[0]))
    time.sleep(30)
    return x * 2
