"""Reference solution for cg_ecg_qrs_width."""

import numpy as np


def qrs_width(signal, fs, r_peaks, fraction=0.5, baseline_start_s=0.25, baseline_end_s=0.15,
              max_half_s=0.15):
    """R-wave width (ms) at `fraction` of the amplitude above the PR-segment baseline."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    if fs <= 0 or not 0 < fraction < 1:
        raise ValueError("need fs > 0 and 0 < fraction < 1")
    b0 = int(round(baseline_start_s * fs))
    b1 = int(round(baseline_end_s * fs))
    if b0 <= b1:
        raise ValueError("empty baseline window")
    peaks = np.asarray(r_peaks, dtype=np.int64).ravel()
    n = x.size
    if np.any(peaks < 0) or np.any(peaks >= n):
        raise ValueError("R peak outside the signal")
    m = int(round(max_half_s * fs))

    widths = np.full(peaks.size, np.nan)
    for out, r in enumerate(peaks):
        if r - b0 < 0 or r - m < 0 or r + m > n - 1:
            continue                                   # window not inside the signal
        base = np.median(x[r - b0:r - b1])
        amp = x[r] - base
        if amp <= 0:
            continue
        level = base + fraction * amp

        left = [i for i in range(r - 1, r - m - 1, -1) if x[i] < level]
        right = [j for j in range(r + 1, r + m + 1) if x[j] < level]
        if not left or not right:
            continue
        i, j = left[0], right[0]                       # nearest crossings to the peak
        t_left = i + (level - x[i]) / (x[i + 1] - x[i])
        t_right = j - (level - x[j]) / (x[j - 1] - x[j])
        widths[out] = (t_right - t_left) / fs * 1000.0
    return widths
