# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: exponential backtracking inside the C regex engine.
import re


def solve(x):
    return re.match(r"(a+)+$", "a" * 64 + "b")
