"""A-weighted level per 125 ms frame (exact A curve per frame spectrum), reported as the mean
of the frame levels in dB."""
import numpy as np

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


def _a_gain(f):
    f2 = f * f
    return (F4 ** 2 * f2 * f2 / ((f2 + F1 ** 2) * np.sqrt((f2 + F2 ** 2) * (f2 + F3 ** 2))
                                 * (f2 + F4 ** 2))) * 10 ** 0.1


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
    frame = int(0.125 * fs)
    levels = []
    for k in range(x.size // frame):
        seg = x[k * frame:(k + 1) * frame]
        spec = np.fft.rfft(seg)
        g = _a_gain(np.fft.rfftfreq(frame, 1 / fs))
        ms = 2 * np.sum(np.abs(spec * g) ** 2) / frame ** 2
        levels.append(10 * np.log10(max(ms, 1e-30) / (20e-6) ** 2))
    return float(np.mean(levels))
