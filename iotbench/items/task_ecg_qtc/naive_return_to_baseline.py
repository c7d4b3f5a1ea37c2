import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def qtc_bazett(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0 or counts_per_mv <= 0:
        raise ValueError("fs and counts_per_mv must be positive")
    if len(x) < 5 * fs:
        raise ValueError("recording too short")
    mv = (x - x.mean()) / counts_per_mv
    b, a = butter(2, [0.5, 40], btype="band", fs=fs)
    y = filtfilt(b, a, mv)
    peaks, _ = find_peaks(y, distance=int(0.3 * fs), height=0.5 * np.max(y))
    rr = np.diff(peaks) / fs
    qt_values = []
    for i in range(len(peaks) - 1):
        p = peaks[i]
        if p < int(0.2 * fs):
            continue
        # QRS onset: walk back from the R peak until the signal is back at the baseline
        q = p
        while q > p - int(0.15 * fs) and abs(y[q]) > 0.02:
            q -= 1
        # T wave: largest deflection between 150 ms after R and 70 % of the way to the next R
        lo, hi = p + int(0.15 * fs), p + int(0.7 * rr[i] * fs)
        t_peak = lo + int(np.argmax(np.abs(y[lo:hi])))
        # T end: the signal returns to the baseline
        e = t_peak
        while e < hi and abs(y[e]) > 0.02:
            e += 1
        qt_values.append((e - q) / fs)
    qt = float(np.median(qt_values))
    return float(1000 * qt / np.sqrt(np.mean(rr)))
