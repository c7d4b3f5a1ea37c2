"""Careful generalist: the analog A-weighting filter (IEC 61672 poles and zeros) turned into a
digital filter by the bilinear transform at the recording's own rate, applied to the
mean-removed signal; LAeq from the mean square of the filtered signal."""
import numpy as np
from scipy.signal import bilinear, lfilter

F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217


P_REF = 20e-6
P94 = P_REF * 10 ** (94 / 20)  # RMS pressure of the 94 dB SPL sensitivity tone, Pa


def to_pascal(words, sensitivity_dbfs):
    """I2S words -> sound pressure in Pa. Each word is a 24-bit sample left-justified in 32 bits,
    so word / 2**31 is the fraction of digital full scale. Datasheet dBFS follows AES17: a sine
    whose peak reaches full scale is 0 dBFS, so the 94 dB SPL tone (RMS P94) has its peak at
    sensitivity_dbfs below full scale, i.e. full scale = sqrt(2) * P94 * 10**(-S/20) Pa."""
    full_scale = np.sqrt(2.0) * P94 * 10 ** (-float(sensitivity_dbfs) / 20)
    return np.asarray(words, dtype=np.int64).astype(float) / 2.0 ** 31 * full_scale


def laeq(words, fs, sensitivity_dbfs):
    raw = np.asarray(words)
    if raw.ndim != 1:
        raise ValueError("words must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if raw.size < fs:
        raise ValueError("recording shorter than 1 s")
    x = to_pascal(raw, sensitivity_dbfs)
    w1, w2, w3, w4 = (2 * np.pi * f for f in (F1, F2, F3, F4))
    num = [(w4 ** 2) * 10 ** (2.0 / 20), 0, 0, 0, 0]
    den = np.polymul([1, 2 * w4, w4 ** 2], [1, 2 * w1, w1 ** 2])
    den = np.polymul(np.polymul(den, [1, w3]), [1, w2])
    b, a = bilinear(num, den, fs)
    y = lfilter(b, a, x - x.mean())
    return float(10 * np.log10(np.mean(y * y) / (20e-6) ** 2))
