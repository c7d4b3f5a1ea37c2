"""Atrial-fibrillation episodes from R-peak times.

AF is *irregularly irregular*: its intervals repeat at no lag. Sinus rhythm is regular even
when ectopic beats interrupt it: between ectopic beats consecutive intervals are nearly equal
(breathing changes them smoothly and only by a few percent per beat), and bigeminy and
trigeminy repeat exactly every 2 or 3 beats. So in sliding windows of 96 beats each interval is
expressed relative to a robust local reference (an upper-middle quantile of its neighbours),
and the window counts as AF when, at every lag of 1, 2 and 3 beats, fewer than 46 % of the
interval pairs agree within 10 % of the reference. Window decisions are mapped to time,
smoothed over a minute, and runs of at least 30 s are reported."""
import numpy as np

WINDOW, HOP = 96, 8
AGREE, MIN_REGULAR = 0.10, 0.46
MIN_EPISODE_S = 30.0


def _local_quantile(x, half, q):
    pad = np.pad(x, half, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1)
    return np.percentile(windows, q, axis=1)


def af_episodes(r_peaks):
    t = np.asarray(r_peaks, dtype=float)
    if t.ndim != 1:
        raise ValueError("r_peaks must be 1-D")
    if t.size >= 2 and np.any(np.diff(t) <= 0):
        raise ValueError("r_peaks must be strictly increasing")
    if t.size < WINDOW + 2:
        return []
    rr = np.diff(t)
    rel = rr / _local_quantile(rr, 15, 60)
    agree = [np.abs(rel[k:] - rel[:-k]) < AGREE for k in (1, 2, 3)]
    centres, votes = [], []
    for s in range(0, rr.size - WINDOW + 1, HOP):
        regular = max(a[s:s + WINDOW - k].mean() for k, a in zip((1, 2, 3), agree))
        centres.append((t[s] + t[s + WINDOW]) / 2)
        votes.append(regular < MIN_REGULAR)
    centres, votes = np.array(centres), np.array(votes, float)
    # per second: the decision of the nearest window centre, smoothed over +-30 s
    seconds = np.arange(np.floor(t[0]), np.ceil(t[-1]) + 1)
    label = votes[np.abs(seconds[:, None] - centres[None, :]).argmin(axis=1)]
    k = 61
    smooth = np.convolve(np.pad(label, k // 2, mode="edge"), np.ones(k) / k, mode="valid")
    af = smooth > 0.5
    episodes = []
    edges = np.diff(np.r_[0, af.astype(int), 0])
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        start, end = float(seconds[a]), float(seconds[b - 1])
        if end - start >= MIN_EPISODE_S:
            episodes.append((start, end))
    return episodes
