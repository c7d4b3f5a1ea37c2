"""Sound pressure level from the RMS of the calibrated samples."""
import numpy as np


def laeq(samples, fs):
    x = np.asarray(samples, dtype=float)
    if x.ndim != 1:
        raise ValueError("samples must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < fs:
        raise ValueError("recording shorter than 1 s")
    x = x - x.mean()
    return float(20 * np.log10(np.sqrt(np.mean(x * x)) / 20e-6))
