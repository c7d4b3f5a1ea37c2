"""Breathing rate from one ECG lead by counting breaths in the time domain.

R peaks from the band-passed slope energy. Three beat-by-beat respiratory series: the QRS area
(sum of the absolute band-passed signal over the complex, which follows the heart's electrical
axis and the chest impedance), the isoelectric level before each QRS (baseline shift with
breathing) and the beat interval (respiratory sinus arrhythmia). Ectopic beats are replaced by
the local median. Each series, resampled at 4 Hz, is judged by its autocorrelation: the first
strong repeat gives the breath length and its height how regular (how respiratory) the series
is. The most regular series is band-passed around that length and its breaths are counted
(peaks with a minimum spacing and prominence); rate = breaths over the time they span,
averaged with the second series when both agree."""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

RS = 4.0


def _clean(times, values, grid):
    half = 4
    pad = np.pad(values, half, mode="edge")
    med = np.median(np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1), axis=1)
    dev = np.abs(values - med)
    v = np.where(dev > 6 * (np.median(dev) + 1e-12), med, values)
    y = np.interp(grid, times, v)
    k = int(15 * RS) | 1
    y = y - np.convolve(np.pad(y, k // 2, mode="edge"), np.ones(k) / k, mode="valid")
    return y / (y.std() + 1e-12)


def _regularity(y, shortest_s):
    y = y - y.mean()
    ac = np.correlate(y, y, mode="full")[y.size - 1:] / (y @ y)
    lo, hi = int(shortest_s * RS), min(int(7.5 * RS), y.size // 2)
    cand, _ = find_peaks(ac[lo:hi])
    if cand.size == 0:
        return None, 0.0
    vals = ac[lo:hi][cand]
    k = int(np.argmax(vals >= 0.6 * vals.max()))
    return (lo + cand[k]) / RS, float(vals[k])


def _count(y, length):
    sos = butter(2, [0.6 / length, min(1.6 / length, 0.45 * RS)], btype="bandpass", fs=RS,
                 output="sos")
    z = sosfiltfilt(sos, y)
    peaks, _ = find_peaks(z, distance=max(1, int(0.6 * length * RS)),
                          prominence=0.3 * np.std(z))
    if peaks.size < 3:
        return None
    return (peaks.size - 1) / ((peaks[-1] - peaks[0]) / RS)


def breathing_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if x.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    qrs_band = sosfiltfilt(butter(3, [8, min(30.0, 0.4 * fs)], btype="bandpass", fs=fs,
                                  output="sos"), x)
    k = max(1, int(0.1 * fs))
    energy = np.convolve(qrs_band ** 2, np.ones(k) / k, mode="same")
    peaks, _ = find_peaks(energy, distance=int(0.33 * fs), height=0.25 * np.percentile(energy, 99))
    w = int(0.05 * fs)
    peaks = peaks[(peaks > int(0.2 * fs)) & (peaks < x.size - w)]
    area = np.array([np.sum(np.abs(qrs_band[p - w:p + w])) for p in peaks])
    level = np.array([np.median(x[p - int(0.14 * fs):p - int(0.07 * fs)]) for p in peaks])
    t = peaks / fs
    rr = np.diff(t)
    grid = np.arange(t[1], t[-2], 1 / RS)
    series = [_clean(t, area, grid), _clean(t, level, grid),
              _clean(0.5 * (t[1:] + t[:-1]), rr, grid)]
    shortest = max(1.5, 2.0 * np.median(rr))      # breathing below half the heart rate
    found = []
    for y in series:
        length, reg = _regularity(y, shortest)
        if length is None:
            continue
        rate = _count(y, length)
        if rate is not None:
            found.append((reg, rate))
    found.sort(reverse=True)
    best = found[0][1]
    if len(found) > 1 and abs(found[1][1] - best) < 0.1 * best:
        best = 0.5 * (best + found[1][1])
    return float(60.0 * best)
