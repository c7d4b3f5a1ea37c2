"""Breathing rate by counting breaths in the time domain, fused by regularity.

Beats are detected on the band-passed pulse (minimum spacing from the pulse period). Three
beat-by-beat respiratory series (pulse amplitude, trough level, beat interval) are resampled
at 4 Hz. In each, the autocorrelation gives the typical breath length and how regular the
series is (the height of its first repeat); the series is then band-passed around that length
and breaths are counted with the advanced counting rule (extrema alternate, and a swing counts
only if it exceeds a fraction of the typical swing). The count over the time it spans gives the
mean rate. Fusion by regularity: the most regular series wins, averaged with the next one when
they agree (a modulation this person hardly shows, or one dominated by vasomotion, is less
regular at breathing periods and is ignored)."""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

FS_R = 4.0


def _period(x, fs):
    seg = x[: int(min(x.size, 30 * fs))]
    ac = np.correlate(seg, seg, mode="full")[seg.size - 1:]
    lo, hi = int(0.3 * fs), int(2.0 * fs)
    cand, _ = find_peaks(ac[lo:hi])
    if cand.size == 0:
        return (lo + int(np.argmax(ac[lo:hi]))) / fs
    vals = ac[lo:hi][cand]
    return (lo + int(cand[np.argmax(vals >= 0.8 * vals.max())])) / fs


def _breath_length(y, shortest_s):
    """(typical breath length in s, regularity) from the first strong autocorrelation peak."""
    y = y - y.mean()
    ac = np.correlate(y, y, mode="full")[y.size - 1:] / (y @ y)
    lo, hi = int(shortest_s * FS_R), min(int(8.0 * FS_R), y.size // 2)
    cand, _ = find_peaks(ac[lo:hi])
    if cand.size == 0:
        return None
    vals = ac[lo:hi][cand]
    k = int(np.argmax(vals >= 0.5 * vals.max()))
    return (lo + cand[k]) / FS_R, float(vals[k])


def _count(y):
    """Breaths per second by the advanced counting rule, or None."""
    maxima, _ = find_peaks(y)
    minima, _ = find_peaks(-y)
    ext = sorted([(i, 1) for i in maxima] + [(i, -1) for i in minima])
    if len(ext) < 4:
        return None
    threshold = 0.3 * np.percentile(np.abs(np.diff([y[i] for i, _ in ext])), 75)
    kept = [ext[0]]
    for i, kind in ext[1:]:
        j, kj = kept[-1]
        if kind == kj:
            if (kind == 1 and y[i] > y[j]) or (kind == -1 and y[i] < y[j]):
                kept[-1] = (i, kind)
        elif abs(y[i] - y[j]) >= threshold:
            kept.append((i, kind))
    peaks = np.array([i for i, kind in kept if kind == 1])
    if peaks.size < 3:
        return None
    return (peaks.size - 1) / ((peaks[-1] - peaks[0]) / FS_R)


def respiratory_rate(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if ppg.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    sos = butter(2, [0.5, min(8.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, ppg)
    period = _period(x, fs)
    peaks, _ = find_peaks(x, distance=max(1, int(0.6 * period * fs)),
                          prominence=0.3 * np.std(x))
    troughs = np.array([a + int(np.argmin(x[a:b])) for a, b in zip(peaks[:-1], peaks[1:])])
    peaks = peaks[1:]
    tp = peaks / fs
    beat = float(np.median(np.diff(tp)))
    grid = np.arange(tp[1], tp[-2], 1 / FS_R)
    raw = [(tp, x[peaks] - x[troughs]), (troughs / fs, ppg[troughs]),
           (0.5 * (tp[1:] + tp[:-1]), np.diff(tp))]
    wide = butter(2, [0.1, min(0.75, 0.5 / beat)], btype="bandpass", fs=FS_R, output="sos")
    found = []
    for times, values in raw:
        y = sosfiltfilt(wide, np.interp(grid, times, values))
        length = _breath_length(y, max(1.3, 2.0 * beat))
        if length is None:
            continue
        f0 = 1.0 / length[0]
        narrow = butter(2, [0.6 * f0, min(1.5 * f0, 0.45 * FS_R)], btype="bandpass",
                        fs=FS_R, output="sos")
        rate = _count(sosfiltfilt(narrow, np.interp(grid, times, values)))
        if rate is not None:
            found.append((length[1], 60.0 * rate))
    if not found:
        raise ValueError("no breathing found")
    found.sort(reverse=True)
    if len(found) >= 2 and abs(found[0][1] - found[1][1]) <= 2.0:
        return float(0.5 * (found[0][1] + found[1][1]))
    return float(found[0][1])
