"""Reference solution for cg_eeg_alpha_relative."""

import numpy as np


def relative_alpha(eeg, fs, epoch_s=2.0):
    """Per-epoch ratio of 8-13 Hz power to 1-30 Hz power (periodogram, no window)."""
    x = np.asarray(eeg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    L = int(round(epoch_s * fs))
    if fs <= 0 or L < 2 or x.size < L:
        raise ValueError("need fs > 0, epochs of at least 2 samples and one full epoch")

    f = np.fft.rfftfreq(L, 1.0 / fs)
    alpha = (f >= 8.0) & (f <= 13.0)
    total = (f >= 1.0) & (f <= 30.0)
    out = []
    for k in range(x.size // L):
        # the DC bin (f = 0) lies in neither band, so the epoch mean does not matter
        p = np.abs(np.fft.rfft(x[k * L:(k + 1) * L])) ** 2
        denom = p[total].sum()
        out.append(p[alpha].sum() / denom if denom > 0 else 0.0)
    return np.array(out)
