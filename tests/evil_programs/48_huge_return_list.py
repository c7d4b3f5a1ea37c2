# expect: fail
# why: returns a list of four million ints (32 MiB as an array, twice the output limit).
def solve(x):
    return list(range(4 * 10**6))
