"""LAeq by applying the IEC 61672 A-weighting magnitude exactly in the frequency domain to the
whole record (no bilinear-transform warping near the Nyquist frequency, no filter start-up
transient, DC ignored because A(0) = 0), then averaging the weighted *energy* (Parseval)."""
import numpy as np

P_REF = 20e-6
F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217
A1000 = 2.0  # normalisation of the A curve to 0 dB at 1 kHz
P94 = P_REF * 10 ** (94 / 20)  # RMS pressure of the 94 dB SPL sensitivity tone, Pa


def to_pascal(words, sensitivity_dbfs):
    """I2S words -> sound pressure in Pa. Each word is a 24-bit sample left-justified in 32 bits,
    so word / 2**31 is the fraction of digital full scale. Datasheet dBFS follows AES17: a sine
    whose peak reaches full scale is 0 dBFS, so the 94 dB SPL tone (RMS P94) has its peak at
    sensitivity_dbfs below full scale, i.e. full scale = sqrt(2) * P94 * 10**(-S/20) Pa."""
    full_scale = np.sqrt(2.0) * P94 * 10 ** (-float(sensitivity_dbfs) / 20)
    return np.asarray(words, dtype=np.int64).astype(float) / 2.0 ** 31 * full_scale


def _a_gain(f):
    f2 = f * f
    num = F4 ** 2 * f2 * f2
    den = (f2 + F1 ** 2) * np.sqrt((f2 + F2 ** 2) * (f2 + F3 ** 2)) * (f2 + F4 ** 2)
    return num / den * 10 ** (A1000 / 20)


def laeq(words, fs, sensitivity_dbfs):
    raw = np.asarray(words)
    if raw.ndim != 1:
        raise ValueError("words must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = raw.size
    if n < fs:
        raise ValueError("recording shorter than 1 s")
    x = to_pascal(raw, sensitivity_dbfs)
    spec = np.fft.rfft(x - x.mean())
    f = np.fft.rfftfreq(n, 1.0 / fs)
    energy = np.abs(spec * _a_gain(f)) ** 2
    weights = np.full(energy.size, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    mean_square = float((energy * weights).sum()) / n ** 2
    return float(10.0 * np.log10(max(mean_square, 1e-30) / P_REF ** 2))
