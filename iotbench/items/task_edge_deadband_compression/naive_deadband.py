import numpy as np


def compress_stream(t, x, max_error):
    """Report by exception: keep a sample when it moved more than the bound from the last kept."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    if n <= 2:
        return np.arange(n)
    keep = [0]
    for i in range(1, n - 1):
        if abs(x[i] - x[keep[-1]]) > max_error:
            keep.append(i)
    keep.append(n - 1)
    return np.array(keep)
