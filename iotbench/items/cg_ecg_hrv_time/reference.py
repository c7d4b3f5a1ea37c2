"""Reference solution for cg_ecg_hrv_time."""

import numpy as np


def hrv_time_domain(r_peaks, fs):
    """Time-domain HRV metrics from R-peak sample indices."""
    peaks = np.asarray(r_peaks, dtype=np.float64).ravel()
    if peaks.size < 3:
        raise ValueError("need at least 3 R peaks")
    if fs <= 0:
        raise ValueError("fs must be positive")
    rr = np.diff(peaks) / fs * 1000.0          # RR intervals in ms
    if np.any(rr <= 0):
        raise ValueError("R peaks must be strictly increasing")
    succ = np.diff(rr)                         # successive differences
    mean_rr = float(np.mean(rr))
    return {
        "mean_rr_ms": mean_rr,
        "sdnn_ms": float(np.std(rr, ddof=1)),
        "rmssd_ms": float(np.sqrt(np.mean(succ ** 2))),
        "pnn50": float(100.0 * np.mean(np.abs(succ) > 50.0)),
        "mean_hr_bpm": 60000.0 / mean_rr,
    }
