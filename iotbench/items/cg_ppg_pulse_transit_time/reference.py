"""Reference solution for cg_ppg_pulse_transit_time."""

import numpy as np


def pulse_transit_times(r_peaks, ppg, fs, min_delay_s=0.1, max_delay_s=0.4):
    """Delay from each R-peak to the largest forward difference of the PPG in a search range."""
    x = np.asarray(ppg, dtype=np.float64)
    peaks = np.asarray(r_peaks, dtype=np.int64)
    if x.ndim != 1 or x.size < 2:
        raise ValueError("ppg must be 1-D with at least 2 samples")
    if fs <= 0 or min_delay_s < 0 or max_delay_s < min_delay_s:
        raise ValueError("fs must be positive and 0 <= min_delay_s <= max_delay_s")
    if peaks.ndim != 1 or np.any(np.diff(peaks) <= 0):
        raise ValueError("r_peaks must be strictly increasing")
    if peaks.size and (peaks[0] < 0 or peaks[-1] > x.size - 1):
        raise ValueError("r_peaks out of range")
    d = np.diff(x)
    start, stop = round(min_delay_s * fs), round(max_delay_s * fs)
    ptt = np.full(peaks.size, np.nan)
    for k, r in enumerate(peaks):
        lo, hi = r + start, min(r + stop, x.size - 2)
        if lo <= hi:
            best = lo + int(np.argmax(d[lo:hi + 1]))     # argmax takes the first maximum
            ptt[k] = (best - r) / fs
    finite = ptt[~np.isnan(ptt)]
    return ptt, float(finite.mean()) if finite.size else float("nan")
