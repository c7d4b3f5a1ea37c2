"""Reference solution for cg_emg_mean_median_freq."""

import math

import numpy as np
from scipy.signal import welch


def emg_mean_median_frequency(emg, fs, nperseg=256, low_hz=20.0, high_hz=450.0):
    """(mean frequency, median frequency) of the Welch PSD restricted to [low_hz, high_hz]."""
    x = np.asarray(emg, dtype=np.float64)
    if x.ndim != 1 or x.size < 2:
        raise ValueError("emg must be 1-D with at least 2 samples")
    if fs <= 0 or not 0 <= low_hz < high_hz:
        raise ValueError("need fs > 0 and 0 <= low_hz < high_hz")

    f, p = welch(x, fs=fs, nperseg=min(nperseg, x.size))
    band = (f >= low_hz) & (f <= high_hz)
    fb, pb = f[band], p[band]
    total = pb.sum()
    if not total > 0:                          # empty band or no power
        return math.nan, math.nan
    mnf = float(np.sum(fb * pb) / total)
    cumulative = np.cumsum(pb)
    j = int(np.argmax(cumulative >= 0.5 * cumulative[-1]))   # first bin reaching half
    return mnf, float(fb[j])
