"""Reference solution for cg_ecg_rpeak_refine."""

import numpy as np


def refine_r_peaks(signal, fs, approx_peaks, search_s=0.05, polarity="positive"):
    """Move each approximate peak to the extremum within +/- round(search_s*fs) samples."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    if polarity == "positive":
        score = x
    elif polarity == "negative":
        score = -x
    elif polarity == "absolute":
        score = np.abs(x)
    else:
        raise ValueError("polarity must be 'positive', 'negative' or 'absolute'")
    if search_s < 0:
        raise ValueError("search_s must not be negative")

    approx = np.asarray(approx_peaks, dtype=np.int64).ravel()
    n = x.size
    if np.any(approx < 0) or np.any(approx >= n):
        raise ValueError("approximate peak index outside the signal")

    half = int(round(search_s * fs))
    refined = []
    for p in approx:
        lo = max(0, p - half)
        hi = min(n, p + half + 1)          # inclusive window end
        refined.append(lo + int(np.argmax(score[lo:hi])))   # argmax: earliest on ties
    return np.unique(np.asarray(refined, dtype=np.int64))
