"""Breathing rate by counting breaths in the time domain, fused by regularity.

Beats are detected on the band-passed pulse (minimum spacing from the pulse period). Three
respiratory series are resampled at 4 Hz: the pulse amplitude and the beat interval (once per
beat) and the baseline (the PPG low-passed well below the heart rate, measured continuously so
the breath's harmonics are not aliased by the beat sampling). Each is band-limited to breathing
rates (above the ~0.1 Hz vasomotion). In each, the autocorrelation gives the typical breath
length and how regular the series is (the height of its first repeat); the series is then
band-passed around that length and breaths are counted with the advanced counting rule
(extrema alternate; the smallest swing is removed while it is below a fifth of the typical
large swing). The count over the time it spans gives the mean rate. Fusion: series whose count
disagrees with their own breath length (dropped cycles in a fading or mixed rhythm) are set
aside; of the rest the most regular wins, averaged with the next one when they agree."""
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
    i = lo + cand[k]
    # a parabola through the peak refines the lag between the 0.25 s grid points
    den = ac[i - 1] - 2 * ac[i] + ac[i + 1]
    shift = 0.5 * (ac[i - 1] - ac[i + 1]) / den if den < 0 else 0.0
    return (i + float(np.clip(shift, -0.5, 0.5))) / FS_R, float(vals[k])


def _count(y):
    """Breaths per second by the advanced counting rule, or None.

    Extrema alternate (maximum, minimum, ...); the smallest swing between neighbouring extrema
    is removed (with the extremum pair that makes it) while it stays below a fifth of the
    typical large swing, so a shallow breath in a run of deep ones still counts but a ripple
    on one breath does not."""
    maxima, _ = find_peaks(y)
    minima, _ = find_peaks(-y)
    order = np.argsort(np.r_[maxima, minima])
    idx = list(np.r_[maxima, minima][order])
    kind = list(np.r_[np.ones(maxima.size), -np.ones(minima.size)][order])
    if len(idx) < 4:
        return None
    vals = [y[i] for i in idx]
    threshold = 0.2 * np.percentile(np.abs(np.diff(vals)), 75)
    while len(idx) > 3:
        swings = np.abs(np.diff([y[i] for i in idx]))
        k = int(np.argmin(swings))
        if swings[k] >= threshold:
            break
        # drop the pair of extrema that makes the smallest swing (keeps the alternation)
        del idx[k:k + 2]
        del kind[k:k + 2]
    peaks = np.array([i for i, kd in zip(idx, kind) if kd == 1])
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
    # the baseline is measured continuously (the PPG low-passed well below the heart rate),
    # not sampled once per beat, so its breath harmonics cannot alias into the breathing band
    lowpass = butter(4, 0.6 / beat, btype="lowpass", fs=fs, output="sos")
    baseline = sosfiltfilt(lowpass, ppg)
    raw = [(tp, x[peaks] - x[troughs]), (np.arange(ppg.size) / fs, baseline),
           (0.5 * (tp[1:] + tp[:-1]), np.diff(tp))]
    wide = butter(2, [0.13, min(0.75, 0.5 / beat)], btype="bandpass", fs=FS_R, output="sos")
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
            found.append((length[1], 60.0 * rate, abs(rate * length[0] - 1.0)))
    if not found:
        raise ValueError("no breathing found")
    # a series whose counted breaths disagree with its own typical breath length has dropped
    # or added cycles (fading depth, a competing rhythm): trust the self-consistent ones
    consistent = [(reg, rate) for reg, rate, mismatch in found if mismatch <= 0.05]
    found = consistent or [(reg, rate) for reg, rate, _ in found]
    found.sort(reverse=True)
    if len(found) >= 2 and abs(found[0][1] - found[1][1]) <= 2.0:
        return float(0.5 * (found[0][1] + found[1][1]))
    return float(found[0][1])
