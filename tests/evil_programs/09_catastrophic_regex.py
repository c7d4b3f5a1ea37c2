# expect: timeout
# reason: wall-clock
# why: exponential backtracking inside the C regex engine.
import re


def solve(x):
    return re.match(r"(a+)+$", "a" * 64 + "b")
