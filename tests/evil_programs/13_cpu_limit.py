# expect: timeout
# reason: CPU-time
# limits: cpu_seconds=1, wall_seconds=20
# why: burns CPU; RLIMIT_CPU (1 s here) ends it long before the wall clock (20 s) would.
def solve(x):
    n = 0
    while True:
        n += 1
