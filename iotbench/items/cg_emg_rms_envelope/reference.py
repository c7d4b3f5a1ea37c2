"""Reference solution for cg_emg_rms_envelope."""

import numpy as np


def emg_rms_envelope(emg, fs, window_s=0.1):
    """Centred moving RMS over round(window_s * fs) samples of the mean-removed EMG."""
    x = np.asarray(emg, dtype=np.float64)
    # np.convolve below raises ValueError for an empty or multi-dimensional emg
    w = int(round(window_s * fs))
    if fs <= 0 or w < 1:
        raise ValueError("fs must be positive and the window at least one sample")
    x = x - x.mean()
    # full convolution index k sums x[k-w+1 .. k]; output i needs k = i + (w - 1) // 2
    full = np.convolve(x * x, np.ones(w))
    start = (w - 1) // 2
    power = full[start:start + x.size] / w          # zero padding, divisor always w
    return np.sqrt(power)
