"""Atrial-fibrillation episodes with a hidden Markov model of the rhythm, decoded by Viterbi.

Each RR interval, relative to a robust local reference (an upper-middle quantile of its
neighbours), is explained by one of six states:
- N, sinus beat: close to the reference (breathing moves it a few percent);
- P, premature beat (atrial or ventricular ectopic, SVT, false detection): clearly short;
- Q, the interval after a premature beat (compensatory pause or reset), or a missed beat: long;
- B, T, bigeminy and trigeminy: the interval repeats the one 2 (or 3) intervals earlier;
- A, atrial fibrillation: intervals drawn at random around the reference.
Sinus rhythm with ectopic beats follows strict sequences (a premature interval is followed by a
pause or a reset, normal intervals come in runs, bigeminy and trigeminy repeat exactly),
whereas AF has no order; switching between sinus rhythm and AF is rare. The most likely state sequence gives the
AF beats; their runs of at least 30 s (short gaps bridged) are the episodes."""
import numpy as np

MIN_EPISODE_S = 30.0


def _local_quantile(x, half, q):
    pad = np.pad(x, half, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1)
    return np.percentile(windows, q, axis=1)


# states: 0 N sinus beat, 1 P premature, 2 Q post-ectopic, 3 B bigeminy, 4 T trigeminy,
# 5 A atrial fibrillation
AF_STATE = 5


def _gauss(z, s):
    return -0.5 * (z / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))


def _log_emissions(x):
    n = _gauss(x - 1.0, 0.06)
    p = np.where((x > 0.25) & (x < 0.92), np.log(1 / 0.67), -30.0)
    q = np.where((x > 0.85) & (x < 2.4), np.log(1 / 1.55), -30.0)
    # bigeminy / trigeminy repeat every 2 / 3 intervals
    b = np.r_[n[:2], _gauss(x[2:] - x[:-2], 0.08)]
    t = np.r_[n[:3], _gauss(x[3:] - x[:-3], 0.08)]
    s = 0.28
    a = -np.log(x * s * np.sqrt(2 * np.pi)) - 0.5 * (np.log(x) / s) ** 2
    return np.column_stack([n, p, q, b, t, a])


def _log_transitions():
    t = np.full((6, 6), 1e-4)
    t[0, [0, 1, 2, 3, 4, 5]] = [0.76, 0.2, 0.015, 0.01, 0.01, 0.005]    # sinus
    t[1, [0, 1, 2]] = [0.05, 0.25, 0.69]                                 # premature
    t[2, [0, 1, 5]] = [0.80, 0.19, 0.005]                                # post-ectopic
    t[3, [3, 0]] = [0.98, 0.02]                                          # bigeminy
    t[4, [4, 0]] = [0.98, 0.02]                                          # trigeminy
    t[5, [5, 0, 1]] = [0.995, 0.003, 0.001]                              # AF
    t /= t.sum(axis=1, keepdims=True)
    return np.log(t)


def af_episodes(r_peaks):
    t = np.asarray(r_peaks, dtype=float)
    if t.ndim != 1:
        raise ValueError("r_peaks must be 1-D")
    if t.size >= 2 and np.any(np.diff(t) <= 0):
        raise ValueError("r_peaks must be strictly increasing")
    if t.size < 40:
        return []
    rr = np.diff(t)
    x = rr / _local_quantile(rr, 15, 60)
    le = _log_emissions(x)
    lt = _log_transitions()
    score = np.full(6, np.log(1 / 6)) + le[0]
    back = np.zeros((x.size, 6), dtype=int)
    for i in range(1, x.size):
        cand = score[:, None] + lt
        back[i] = np.argmax(cand, axis=0)
        score = cand[back[i], np.arange(6)] + le[i]
    path = np.zeros(x.size, dtype=int)
    path[-1] = int(np.argmax(score))
    for i in range(x.size - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    in_af = path == AF_STATE
    # interval i spans t[i]..t[i+1]; bridge gaps shorter than 10 s
    episodes = []
    edges = np.diff(np.r_[0, in_af.astype(int), 0])
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        start, end = float(t[a]), float(t[b])
        if episodes and start - episodes[-1][1] < 10.0:
            episodes[-1] = (episodes[-1][0], end)
        else:
            episodes.append((start, end))
    return [(a, b) for a, b in episodes if b - a >= MIN_EPISODE_S]
