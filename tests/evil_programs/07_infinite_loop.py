# expect: timeout
# reason: wall-clock
# why: a Python loop that never ends.
def solve(x):
    while True:
        pass
