# expect: pass
# why: not hostile: an ordinary multiprocessing pool must keep working under the process cap.
import multiprocessing


def _square(n):
    return n * n


def solve(x):
    with multiprocessing.Pool(4) as pool:
        assert pool.map(_square, range(8)) == [n * n for n in range(8)]
    return x * 2
