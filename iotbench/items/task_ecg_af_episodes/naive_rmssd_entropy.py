import numpy as np


def af_episodes(r_peaks):
    t = np.asarray(r_peaks, dtype=float)
    if t.ndim != 1:
        raise ValueError("r_peaks must be 1-D")
    if t.size >= 2 and np.any(np.diff(t) <= 0):
        raise ValueError("r_peaks must be strictly increasing")
    if t.size < 70:
        return []
    rr = np.diff(t)
    # classic AF features on windows of 64 beats: normalised RMSSD and Shannon entropy
    win, hop = 64, 8
    flags = np.zeros(int(np.ceil(t[-1])) + 1)
    counts = np.zeros_like(flags)
    for s in range(0, rr.size - win + 1, hop):
        w = rr[s:s + win]
        w = w[(w > 0.25) & (w < 2.5)]           # physiologically plausible intervals only
        nrmssd = np.sqrt(np.mean(np.diff(w) ** 2)) / w.mean()
        hist, _ = np.histogram(w, bins=16)
        p = hist[hist > 0] / hist.sum()
        entropy = -np.sum(p * np.log(p)) / np.log(16)
        is_af = nrmssd > 0.1 and entropy > 0.6
        a, b = int(t[s]), int(t[s + win]) + 1
        flags[a:b] += is_af
        counts[a:b] += 1
    af = (counts > 0) & (flags > 0.5 * counts)
    episodes = []
    edges = np.diff(np.r_[0, af.astype(int), 0])
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        if b - 1 - a >= 30:
            episodes.append((float(a), float(b - 1)))
    return episodes
