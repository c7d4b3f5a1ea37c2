# expect: runtime_error
# reason: RecursionError
# why: unbounded recursion in Python.
def solve(x):
    return solve(x)
