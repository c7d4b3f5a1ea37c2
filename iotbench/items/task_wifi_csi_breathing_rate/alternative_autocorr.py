"""Breathing rate by periodicity in the time domain (no spectrum peak picking).

The AGC is removed by dividing each packet by its mean amplitude over the subcarriers (the gain is
common to all of them). Each subcarrier is interpolated onto a uniform 8 Hz time base and cleaned
of glitches (Hampel filter). Body motion is found as samples that depart from a 3 s running
median far more than usual; only still stretches of at least 12 s are analysed, each band-passed to
breathing rates. Every subcarrier's autocorrelation is accumulated
over the still stretches, and the subcarriers are fused by a weighted average of their
autocorrelations (weight: how clearly each repeats); the breathing period is the first lag that
repeats about as well as the best one in the breathing range.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.ndimage import median_filter
from scipy.signal import butter, sosfiltfilt

FS = 8.0
BAND = butter(2, [0.07, 0.9], btype="bandpass", fs=FS, output="sos")


def _moving_average(x, width):
    width = max(1, min(width, x.shape[1]))
    k = np.ones(width) / width
    pad = width // 2
    xp = np.pad(x, ((0, 0), (pad, width - 1 - pad)), mode="edge")
    return np.stack([np.convolve(row, k, mode="valid") for row in xp])


def _hampel(x, half, n_sigma=3.0):
    xp = np.pad(x, ((0, 0), (half, half)), mode="edge")
    win = sliding_window_view(xp, 2 * half + 1, axis=1)
    med = np.median(win, axis=2)
    mad = 1.4826 * np.median(np.abs(win - med[..., None]), axis=2)
    bad = np.abs(x - med) > n_sigma * mad + 1e-12
    return np.where(bad, med, x)


def _still_runs(x):
    dev = x - median_filter(x, size=(1, int(3 * FS)), mode="nearest")
    score = np.sqrt((dev * dev).mean(axis=0))
    score = np.convolve(score, np.ones(int(FS)) / FS, mode="same")
    moving = score > 2.5 * np.median(score)
    grow = int(1.5 * FS)
    moving = np.convolve(moving.astype(float), np.ones(2 * grow + 1), mode="same") > 0
    edges = np.flatnonzero(np.diff(np.concatenate([[1], moving.astype(int), [1]])))
    runs = [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= 12 * FS]
    return runs or [(0, x.shape[1])]


def breathing_rate(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    rel = amp / np.maximum(amp.mean(axis=0, keepdims=True), 1e-12)
    grid = np.arange(t[0], t[-1], 1 / FS)
    x = np.stack([np.interp(grid, t, row) for row in rel])
    x = _hampel(x, 4)
    pieces = []
    for a, b in _still_runs(x):
        seg = x[:, a:b]
        seg = sosfiltfilt(BAND, seg - seg.mean(axis=1, keepdims=True), axis=1)
        # the rate of change: slow random level changes (breath-to-breath depth changes seen
        # through the non-linear amplitude) would otherwise favour multiples of the period
        seg = np.gradient(seg, axis=1)
        pieces.append(seg / (seg.std(axis=1, keepdims=True) + 1e-12))
    lag_lo, lag_hi = 60 / 40 * FS, 60 / 5 * FS
    longest = max(p.shape[1] for p in pieces)
    # autocorrelation of every subcarrier, accumulated over the still stretches (the sign of a
    # subcarrier's breathing modulation does not matter to its autocorrelation)
    acc = np.zeros((pieces[0].shape[0], longest))
    for p in pieces:
        n = p.shape[1]
        acc[:, :n] += np.fft.irfft(np.abs(np.fft.rfft(p, n=2 * n, axis=1)) ** 2, axis=1)[:, :n]
    ac = acc / acc[:, :1]  # biased estimate: long lags, seen less often, count less
    # subcarriers that repeat clearly in the breathing range count more
    weight = np.clip(ac[:, int(lag_lo):int(lag_hi)].max(axis=1), 0, None) ** 2
    fused = (weight[:, None] * ac).sum(axis=0) / (weight.sum() + 1e-12)
    # breathing repeats at one, two and three periods: score every candidate period by the
    # autocorrelation at its first multiples (a half period scores low, a double period
    # scores lower because the biased estimate fades with lag)
    lags = np.arange(lag_lo, min(lag_hi, longest / 2), 0.05)
    best = (None, None)
    if lags.size:
        score = np.zeros(lags.size)
        for k in (1, 2, 3):
            reach = k * lags < 0.75 * longest
            score += np.where(reach, np.interp(k * lags, np.arange(longest), fused), 0.0)
        i = int(np.argmax(score))
        best = (score[i], lags[i] / FS)
    if best[1] is None:
        raise ValueError("no breathing found")
    return float(60.0 / best[1])
