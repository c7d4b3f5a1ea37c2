"""Reference solution for cg_eeg_spectral_edge."""

import math

import numpy as np
from scipy.signal import periodogram


def spectral_edge_frequency(eeg, fs, edge=0.95, fmin=0.5, fmax=30.0, epoch_s=4.0):
    """Per-epoch frequency below which `edge` of the fmin..fmax power lies (interpolated)."""
    x = np.asarray(eeg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    if fs <= 0 or not 0 < edge <= 1 or not 0 <= fmin < fmax:
        raise ValueError("need fs > 0, 0 < edge <= 1 and 0 <= fmin < fmax")
    L = int(round(epoch_s * fs))
    if L < 2 or x.size < L:
        raise ValueError("epochs need at least 2 samples and one full epoch")

    out = []
    for k in range(x.size // L):
        f, p = periodogram(x[k * L:(k + 1) * L], fs=fs, window="hann")
        band = (f >= fmin) & (f <= fmax)
        fb, c = f[band], np.cumsum(p[band])
        total = c[-1] if c.size else 0.0
        if total == 0:                          # no bin in the band, or no power
            out.append(math.nan)
            continue
        target = edge * total
        j = int(np.argmax(c >= target))         # first bin reaching the target
        if j == 0:
            out.append(float(fb[0]))
        else:
            frac = (target - c[j - 1]) / (c[j] - c[j - 1])
            out.append(float(fb[j - 1] + frac * (fb[j] - fb[j - 1])))
    return np.array(out)
