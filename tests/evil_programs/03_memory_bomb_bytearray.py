# expect: oom
# reason: MemoryError
# why: one 64 GiB allocation; RLIMIT_AS refuses it.
def solve(x):
    return bytearray(64 * 2**30)
