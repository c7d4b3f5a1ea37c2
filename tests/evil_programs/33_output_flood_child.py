# expect: pass
# why: a child process floods stdout forever; the program answers and the child is killed.
import os


def solve(x):
    if os.fork() == 0:
        chunk = b"z" * 65536
        while True:
            os.write(1, chunk)
    return x * 2
