# expect: pass
# check: memory_seen
# why: holds 300 MiB for a moment, frees it and resets its own kernel peak-RSS counter through
#      /proc/self/clear_refs to look lean; the worker's own memory samples still see the peak.
import time

import numpy as np


def solve(x):
    block = np.ones(300 * 2**20 // 8)
    time.sleep(0.3)
    del block
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    return x * 2
