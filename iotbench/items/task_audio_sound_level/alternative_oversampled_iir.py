"""Different method, in the time domain: the recording is oversampled to about 192 kHz so that
the bilinear transform's frequency warping is negligible over the audio band, the IEC 61672
A-weighting poles and zeros are mapped to a digital filter there (in second-order sections,
for numerical safety with poles at 20 Hz), and LAeq is the level of the mean square of the
filtered signal (the mean is removed first so that the DC offset does not excite the filter)."""
import math

import numpy as np
from scipy.signal import bilinear_zpk, resample_poly, sosfilt, zpk2sos

F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217


P_REF = 20e-6
P94 = P_REF * 10 ** (94 / 20)  # RMS pressure of the 94 dB SPL sensitivity tone, Pa


def to_pascal(words, sensitivity_dbfs):
    """Undo the I2S left-justification (arithmetic shift by 8 gives the 24-bit code), then scale:
    a code of 2**23 is the peak of a 0 dBFS sine (AES17), and the 94 dB SPL tone reads
    sensitivity_dbfs, so one code is sqrt(2) * P94 * 10**(-S/20) / 2**23 Pa."""
    codes = np.right_shift(np.asarray(words, dtype=np.int64), 8)
    pa_per_code = np.sqrt(2.0) * P94 / 10 ** (float(sensitivity_dbfs) / 20) / 2 ** 23
    return codes.astype(float) * pa_per_code


def _a_weighting_sos(fs):
    w = [2 * np.pi * f for f in (F1, F2, F3, F4)]
    zeros = [0.0] * 4
    poles = [-w[0], -w[0], -w[1], -w[2], -w[3], -w[3]]
    gain = w[3] ** 2
    z, p, k = bilinear_zpk(zeros, poles, gain, fs)
    sos = zpk2sos(z, p, k)
    # normalise to 0 dB at 1 kHz
    zz = np.exp(1j * 2 * np.pi * 1000 / fs)
    h = 1.0
    for b0, b1, b2, _a0, a1, a2 in sos:
        h *= (b0 + b1 / zz + b2 / zz ** 2) / (1 + a1 / zz + a2 / zz ** 2)
    sos[0, :3] /= abs(h)
    return sos


def laeq(words, fs, sensitivity_dbfs):
    raw = np.asarray(words)
    if raw.ndim != 1:
        raise ValueError("words must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if raw.size < fs:
        raise ValueError("recording shorter than 1 s")
    x = to_pascal(raw, sensitivity_dbfs)
    up = max(1, math.ceil(192000 / fs))
    y = resample_poly(x - x.mean(), up, 1) if up > 1 else x - x.mean()
    z = sosfilt(_a_weighting_sos(fs * up), y)
    return float(10 * np.log10(max(np.mean(z * z), 1e-30) / (20e-6) ** 2))
