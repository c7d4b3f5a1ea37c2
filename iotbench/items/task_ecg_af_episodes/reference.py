"""Atrial-fibrillation episodes by ectopic-beat editing and the irregularity of what is left.

Each RR interval is expressed relative to a robust local reference (an upper-middle quantile of
its neighbours). As in heart-rate-variability practice, ectopic beats are edited out first: a
premature interval (an atrial or ventricular ectopic beat, a run of supraventricular
tachycardia, a false detection: clearly short, or short and followed by a longer interval) and
the interval after it (the compensatory pause or the sinus reset) are removed, and so are very
long intervals (missed beats). Bigeminy and trigeminy lose their ectopic pairs the same way.
What remains of sinus rhythm is smooth: each kept interval differs from the next kept one by a
few percent (more only when edited beats lie between them and breathing had time to change the
rate). What remains of AF is still irregular. In sliding windows of 64 beats the share of
clearly different successive kept intervals decides; window decisions are mapped to time,
smoothed over a minute, and runs of at least 30 s are reported."""
import numpy as np

WINDOW, HOP = 64, 4
PREMATURE, CLEARLY_PREMATURE, PAUSE = 0.88, 0.7, 1.5
STEP, MIN_IRREGULAR, MIN_PAIRS = 0.12, 0.22, 12
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
    following = np.r_[rel[1:], 1.0]
    premature = (rel < PREMATURE) & ((following - rel > 0.15) | (rel < CLEARLY_PREMATURE))
    kept = ~premature & (rel < PAUSE)
    kept[1:] &= ~premature[:-1]          # the pause or reset after an ectopic beat
    idx = np.flatnonzero(kept)
    # each kept interval against the next kept one; the allowance grows with the beats between
    gap = np.diff(idx)
    jump = np.abs(np.diff(rel[idx])) > STEP * np.sqrt(gap)
    pos = idx[:-1]
    centres, votes = [], []
    for s in range(0, rr.size - WINDOW + 1, HOP):
        inside = (pos >= s) & (pos < s + WINDOW - 1)
        irregular = jump[inside].mean() if inside.sum() >= MIN_PAIRS else 0.0
        centres.append((t[s] + t[s + WINDOW]) / 2)
        votes.append(irregular > MIN_IRREGULAR)
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
