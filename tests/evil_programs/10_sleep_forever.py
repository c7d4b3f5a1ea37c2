# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: sleeps instead of computing; no CPU used, so only the wall clock can stop it.
import time


def solve(x):
    time.sleep(10**6)
