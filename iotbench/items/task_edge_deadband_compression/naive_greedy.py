import numpy as np


def compress_stream(t, x, max_error):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    if t.shape != x.shape:
        raise ValueError("t and x must have the same shape")
    n = len(t)
    if n <= 2:
        return np.arange(n)
    keep = [0]
    anchor = 0
    while anchor < n - 1:
        # extend the segment from the anchor as far as a straight line to a sample still keeps
        # every sample in between within the error bound (slope window of the intermediates)
        lo, hi = -np.inf, np.inf
        best = anchor + 1
        for j in range(anchor + 1, n):
            dt = t[j] - t[anchor]
            slope = (x[j] - x[anchor]) / dt
            if lo <= slope <= hi:
                best = j
            lo = max(lo, (x[j] - max_error - x[anchor]) / dt)
            hi = min(hi, (x[j] + max_error - x[anchor]) / dt)
            if lo > hi:
                break
        keep.append(best)
        anchor = best
    return np.array(keep)
