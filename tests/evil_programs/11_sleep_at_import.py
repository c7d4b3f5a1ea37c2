# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: hangs while the module loads.
import time

time.sleep(10**6)


def solve(x):
    return x * 2
