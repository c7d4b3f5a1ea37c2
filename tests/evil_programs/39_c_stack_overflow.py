# expect: runtime_error
# reason: SIGSEGV
# why: lifts the recursion limit and recurses in C (json of a deeply nested list) until the C
#      stack overflows.
import json
import sys


def solve(x):
    nested = []
    for _ in range(2 * 10**5):
        nested = [nested]
    sys.setrecursionlimit(10**8)
    return json.dumps(nested)
