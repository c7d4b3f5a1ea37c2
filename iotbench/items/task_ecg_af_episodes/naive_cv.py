import numpy as np


def af_episodes(r_peaks):
    t = np.asarray(r_peaks, dtype=float)
    if t.ndim != 1:
        raise ValueError("r_peaks must be 1-D")
    if t.size >= 2 and np.any(np.diff(t) <= 0):
        raise ValueError("r_peaks must be strictly increasing")
    rr = np.diff(t)
    # irregularity = coefficient of variation of RR over 30 s windows
    episodes, start = [], None
    edges = np.arange(t[0], t[-1], 10.0)
    for a in edges:
        m = (t[1:] >= a) & (t[1:] < a + 30)
        if m.sum() < 10:
            continue
        w = rr[m]
        af = w.std() / w.mean() > 0.12
        if af and start is None:
            start = a
        if not af and start is not None:
            if a + 10 - start >= 30:
                episodes.append((float(start), float(a + 10)))
            start = None
    if start is not None and t[-1] - start >= 30:
        episodes.append((float(start), float(t[-1])))
    return episodes
