# expect: runtime_error
# reason: exited with code 0
# why: leaves with os._exit(0) in the middle of a call, skipping every cleanup.
import os


def solve(x):
    os._exit(0)
