# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: a Python loop that never ends.
def solve(x):
    while True:
        pass
