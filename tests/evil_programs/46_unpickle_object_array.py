# expect: fail
# why: the same payload inside a numpy object array, which only a pickle could carry.
import os

import numpy as np

MARK = "iotbench-evil-7c1d"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch /tmp/{MARK}-pwned-array",))


def solve(x):
    return np.array([Payload(), Payload()], dtype=object)
