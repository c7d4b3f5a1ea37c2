"""GCC-PHAT time-difference-of-arrival estimation."""
import numpy as np


def gcc_phat(sig, ref, fs, max_tau=None, interp=1):
    """Return (tau in seconds, correlation ordered by lag -max_shift .. +max_shift)."""
    a = np.asarray(sig, dtype=np.float64)
    b = np.asarray(ref, dtype=np.float64)
    if a.ndim != 1 or b.ndim != 1 or a.size == 0 or b.size == 0:
        raise ValueError("sig and ref must be non-empty 1-D arrays")
    if fs <= 0:
        raise ValueError("fs must be positive")
    # (interp < 1 makes the inverse FFT length non-positive: numpy raises ValueError)
    if max_tau is not None and max_tau < 0:
        raise ValueError("max_tau must be non-negative")

    n = a.size + b.size                      # no circular wrap-around
    cross = np.fft.rfft(a, n=n) * np.conj(np.fft.rfft(b, n=n))
    magnitude = np.abs(cross)
    # phase transform: keep only the phase; empty bins stay 0
    cross = np.divide(cross, magnitude, out=np.zeros_like(cross), where=magnitude > 0)
    cc = np.fft.irfft(cross, n=n * interp)

    max_shift = (n * interp) // 2
    if max_tau is not None:
        max_shift = min(int(interp * fs * max_tau), max_shift)
    # lags -max_shift .. -1 sit at the end of cc, lags 0 .. max_shift at the start
    cc = np.concatenate((cc[cc.size - max_shift:], cc[:max_shift + 1]))
    shift = int(np.argmax(np.abs(cc))) - max_shift
    return shift / float(interp * fs), cc
