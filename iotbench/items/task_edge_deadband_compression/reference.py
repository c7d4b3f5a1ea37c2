"""Minimum-size sample subset under an L-infinity bound for linear-interpolation
reconstruction: a chord from kept sample a to kept sample b is admissible when every sample
between lies within the bound of it, i.e. when its slope lies inside the "fan" of slopes
allowed by all intermediate samples (the swinging-door window, computed exactly from sample a
rather than from pivots). The fewest kept samples is the shortest path from the first to the
last sample over admissible chords (Imai & Iri's formulation of min-# polygonal
approximation), found by dynamic programming in time order."""
import numpy as np


def _admissible(t, x, bound, a):
    """Indices b > a for which the chord a -> b keeps samples a+1 .. b-1 within the bound."""
    n = len(t)
    width = 64
    while True:
        end = min(n, a + 1 + width)
        dt = t[a + 1:end] - t[a]
        lo = np.maximum.accumulate((x[a + 1:end] - bound - x[a]) / dt)
        hi = np.minimum.accumulate((x[a + 1:end] + bound - x[a]) / dt)
        closed = np.flatnonzero(lo > hi)
        if closed.size or end == n:
            break
        width *= 4
    m = closed[0] + 1 if closed.size else len(dt)  # the fan closes after this many samples
    slope = (x[a + 1:a + 1 + m] - x[a]) / dt[:m]
    lo_prev = np.concatenate([[-np.inf], lo[:m - 1]])
    hi_prev = np.concatenate([[np.inf], hi[:m - 1]])
    tol = 1e-12 * (1 + np.abs(slope))
    return a + 1 + np.flatnonzero((slope >= lo_prev - tol) & (slope <= hi_prev + tol))


def compress_stream(t, x, max_error):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    if t.ndim != 1 or t.shape != x.shape:
        raise ValueError("t and x must be 1-D arrays of the same length")
    if not max_error >= 0:
        raise ValueError("max_error must be non-negative")
    n = len(t)
    if n <= 2:
        return np.arange(n)
    # shrink the bound a hair so that rounding in the receiver's interpolation cannot exceed it
    bound = max_error * (1 - 1e-9)
    cost = np.full(n, np.iinfo(np.int64).max)
    back = np.full(n, -1)
    cost[0] = 1
    for a in range(n - 1):
        nxt = _admissible(t, x, bound, a)
        better = cost[nxt] > cost[a] + 1
        cost[nxt[better]] = cost[a] + 1
        back[nxt[better]] = a
    path = [n - 1]
    while path[-1] != 0:
        path.append(int(back[path[-1]]))
    return np.array(path[::-1], dtype=np.int64)
