# expect: pass
# check: stdout_truncated
# why: writes 300 MiB to stdout and 100 MiB to stderr; the worker keeps the first 64 KiB of
#      each and discards the rest, and the program answers normally.
import os


def solve(x):
    chunk = b"y" * 2**20
    for _ in range(300):
        os.write(1, chunk)
    for _ in range(100):
        os.write(2, chunk)
    return x * 2
