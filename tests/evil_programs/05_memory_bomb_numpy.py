# expect: oom
# reason: MemoryError
# why: numpy asks for 128 GiB in one array.
import numpy as np


def solve(x):
    return np.ones((1 << 17, 1 << 17))
