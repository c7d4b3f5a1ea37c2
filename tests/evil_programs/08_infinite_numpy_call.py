# expect: timeout
# reason: wall-clock
# why: one matrix product of ~128 GFLOP inside numpy's C code, which never checks for signals.
import numpy as np


def solve(x):
    a = np.full((4000, 4000), 1e-3)
    return a @ a
