"""Reference solution for cg_ecg_hrv_frequency."""

import math

import numpy as np
from scipy.signal import welch

LF_BAND = (0.04, 0.15)
HF_BAND = (0.15, 0.40)
MIN_SAMPLES = 16


def hrv_frequency_domain(rr_ms, fs_resample=4.0, nperseg=256):
    """LF/HF heart-rate variability from RR intervals (ms) via a resampled tachogram."""
    rr = np.asarray(rr_ms, dtype=np.float64)
    if rr.ndim != 1 or rr.size < 3:
        raise ValueError("need a 1-D series of at least 3 RR intervals")
    if np.any(rr <= 0):
        raise ValueError("RR intervals must be positive")

    # 1. beat times (s) and 2. linear interpolation onto a uniform grid starting at t[0]
    t = np.cumsum(rr) / 1000.0
    n = int(math.floor((t[-1] - t[0]) * fs_resample)) + 1
    if n < MIN_SAMPLES:   # also catches fs_resample <= 0
        raise ValueError("RR series too short (or fs_resample not positive)")
    grid = t[0] + np.arange(n) / fs_resample
    tachogram = np.interp(grid, t, rr)

    # 3. Welch PSD (ms^2/Hz); Hann window, 50 % overlap and per-segment mean removal
    #    are welch's defaults (the mean removal makes subtracting the global mean redundant)
    f, p = welch(tachogram, fs=fs_resample, nperseg=min(nperseg, n))
    df = f[1]   # the frequency bins start at 0 Hz

    # 4. band powers: sum of PSD bins times the bin width
    def band_power(lo, hi):
        return float(np.sum(p[(f >= lo) & (f < hi)]) * df)

    lf = band_power(*LF_BAND)
    hf = band_power(*HF_BAND)
    total = lf + hf
    nan = float("nan")
    return {
        "lf_ms2": lf,
        "hf_ms2": hf,
        "lf_hf": lf / hf if hf > 0 else nan,
        "lf_nu": 100.0 * lf / total if total > 0 else nan,
        "hf_nu": 100.0 * hf / total if total > 0 else nan,
    }
