"""Reference solution for cg_eeg_band_powers."""

import numpy as np
from scipy.signal import welch

BANDS = {"delta": (0.5, 4.0), "theta": (4.0, 8.0), "alpha": (8.0, 13.0),
         "beta": (13.0, 30.0), "gamma": (30.0, 45.0)}


def eeg_band_powers(eeg, fs, window_s=2.0):
    """Absolute band powers from Welch PSDs (sum of bins in [lo, hi) times the bin width)."""
    x = np.asarray(eeg, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError("eeg must be (n,) or (channels, n)")
    nperseg = min(int(round(window_s * fs)), x.shape[-1])
    if nperseg < 2:   # also catches n < 2 and fs == 0; welch() rejects a negative fs itself
        raise ValueError("Welch segment shorter than 2 samples")

    f, p = welch(x, fs=fs, nperseg=nperseg)      # along the last axis (time)
    df = f[1]                                   # bins start at 0 Hz
    out = {}
    for name, (lo, hi) in BANDS.items():
        # a numpy float (a float subclass) for 1-D input, an array per channel for 2-D input
        out[name] = np.sum(p[..., (f >= lo) & (f < hi)], axis=-1) * df
    return out
