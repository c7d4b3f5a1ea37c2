import numpy as np


def compress_stream(t, x, max_error):
    """Swinging door trending with the compression deviation set to the error bound."""
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t)
    if n <= 2:
        return np.arange(n)
    keep = [0]
    archived = 0
    upper_door = -np.inf  # slope of the door pivoting on archived value + deviation
    lower_door = np.inf   # slope of the door pivoting on archived value - deviation
    i = 1
    while i < n:
        dt = t[i] - t[archived]
        up = max(upper_door, (x[i] - (x[archived] + max_error)) / dt)
        low = min(lower_door, (x[i] - (x[archived] - max_error)) / dt)
        if up > low:
            # the doors opened past parallel: archive the previous sample and restart there
            archived = i - 1
            keep.append(archived)
            upper_door, lower_door = -np.inf, np.inf
            continue
        upper_door, lower_door = up, low
        i += 1
    if keep[-1] != n - 1:
        keep.append(n - 1)
    return np.array(keep)
