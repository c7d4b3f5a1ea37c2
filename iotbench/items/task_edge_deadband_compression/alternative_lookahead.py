"""Greedy with one step of look-ahead: from the current kept sample, every admissible next
sample (chord within the bound, tested with the exact slope window of the intermediate samples)
is a candidate; among the last few candidates the one whose own admissible chords reach
furthest is kept. Not guaranteed optimal, but it avoids the plain greedy's trap of ending a
segment on a noisy sample from which the next segment cannot go far."""
import numpy as np

CANDIDATES = 40


def _reach_all(t, x, bound, a):
    n = len(t)
    i = a + 1
    lo, hi = -np.inf, np.inf
    out = []
    # walk in blocks to keep it fast
    while i < n:
        end = min(n, i + 256)
        dt = t[i:end] - t[a]
        s = (x[i:end] - x[a]) / dt
        low = np.maximum(np.maximum.accumulate((x[i:end] - bound - x[a]) / dt), lo)
        high = np.minimum(np.minimum.accumulate((x[i:end] + bound - x[a]) / dt), hi)
        low_before = np.concatenate([[lo], low[:-1]])
        high_before = np.concatenate([[hi], high[:-1]])
        eps = 1e-12 * (1 + np.abs(s))
        ok = (s >= low_before - eps) & (s <= high_before + eps)
        shut = np.flatnonzero(low > high)
        stop = shut[0] + 1 if shut.size else len(s)
        out.extend((i + np.flatnonzero(ok[:stop])).tolist())
        if shut.size:
            break
        lo, hi = low[-1], high[-1]
        i = end
    return out


def compress_stream(t, x, max_error):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    if t.shape != x.shape or t.ndim != 1:
        raise ValueError("t and x must have the same 1-D shape")
    n = len(t)
    if n <= 2:
        return np.arange(n)
    bound = max_error * (1 - 1e-9)
    memo = {}

    def furthest(i):
        if i not in memo:
            memo[i] = n - 1 if i == n - 1 else _reach_all(t, x, bound, i)[-1]
        return memo[i]

    kept = [0]
    a = 0
    while a < n - 1:
        cands = _reach_all(t, x, bound, a)
        if cands[-1] == n - 1:
            kept.append(n - 1)
            break
        choice = max(cands[-CANDIDATES:], key=lambda c: (furthest(c), c))
        kept.append(choice)
        a = choice
    return np.array(kept, dtype=np.int64)
