# expect: runtime_error
# reason: SIGABRT
# why: calls abort().
import os


def solve(x):
    os.abort()
