# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: one reduction over 10**13 elements inside numpy's C loop, which never checks for signals.
# A zero-stride view makes it cost no memory, so only the wall clock can stop it on any machine.
import numpy as np


def solve(x):
    endless = np.broadcast_to(np.float64(1.0), (10**6, 10**7))
    return endless.sum()
