# expect: fail
# why: returns 40 MiB (the suite's output limit is 16 MiB); the call's output is refused as
#      unusable instead of being shipped.
import numpy as np


def solve(x):
    return np.zeros(40 * 2**20 // 8)
