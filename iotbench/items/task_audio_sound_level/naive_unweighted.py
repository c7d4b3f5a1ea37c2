"""Sound pressure level from the RMS of the calibrated samples."""
import numpy as np


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
    x = x - x.mean()
    return float(20 * np.log10(np.sqrt(np.mean(x * x)) / 20e-6))
