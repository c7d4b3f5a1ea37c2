# expect: pass
# why: opens files until it runs out of descriptors, then answers: the answer still gets back.
import os


def solve(x):
    held = []
    try:
        while len(held) < 10**6:
            held.append(os.open("/dev/null", os.O_RDONLY))
    except OSError:
        pass
    return x * 2
