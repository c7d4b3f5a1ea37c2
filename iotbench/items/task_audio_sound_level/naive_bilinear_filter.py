"""Careful generalist: the analog A-weighting filter (IEC 61672 poles and zeros) turned into a
digital filter by the bilinear transform at the recording's own rate, applied to the
mean-removed signal; LAeq from the mean square of the filtered signal."""
import numpy as np
from scipy.signal import bilinear, lfilter

F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217


def laeq(samples, fs):
    x = np.asarray(samples, dtype=float)
    if x.ndim != 1:
        raise ValueError("samples must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < fs:
        raise ValueError("recording shorter than 1 s")
    w1, w2, w3, w4 = (2 * np.pi * f for f in (F1, F2, F3, F4))
    num = [(w4 ** 2) * 10 ** (2.0 / 20), 0, 0, 0, 0]
    den = np.polymul([1, 2 * w4, w4 ** 2], [1, 2 * w1, w1 ** 2])
    den = np.polymul(np.polymul(den, [1, w3]), [1, w2])
    b, a = bilinear(num, den, fs)
    y = lfilter(b, a, x - x.mean())
    return float(10 * np.log10(np.mean(y * y) / (20e-6) ** 2))
