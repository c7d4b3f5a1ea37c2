"""LAeq by applying the IEC 61672 A-weighting magnitude exactly in the frequency domain to the
whole record (no bilinear-transform warping near the Nyquist frequency, no filter start-up
transient, DC ignored because A(0) = 0), then averaging the weighted *energy* (Parseval)."""
import numpy as np

P_REF = 20e-6
F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217
A1000 = 2.0  # normalisation of the A curve to 0 dB at 1 kHz


def _a_gain(f):
    f2 = f * f
    num = F4 ** 2 * f2 * f2
    den = (f2 + F1 ** 2) * np.sqrt((f2 + F2 ** 2) * (f2 + F3 ** 2)) * (f2 + F4 ** 2)
    return num / den * 10 ** (A1000 / 20)


def laeq(samples, fs):
    x = np.asarray(samples, dtype=float)
    if x.ndim != 1:
        raise ValueError("samples must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = x.size
    if n < fs:
        raise ValueError("recording shorter than 1 s")
    spec = np.fft.rfft(x - x.mean())
    f = np.fft.rfftfreq(n, 1.0 / fs)
    energy = np.abs(spec * _a_gain(f)) ** 2
    weights = np.full(energy.size, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    mean_square = float((energy * weights).sum()) / n ** 2
    return float(10.0 * np.log10(max(mean_square, 1e-30) / P_REF ** 2))
