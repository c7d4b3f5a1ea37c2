"""Autocorrelation pitch estimator for one frame."""
import math

import numpy as np


def estimate_pitch(frame, sr, fmin=60.0, fmax=500.0, voicing_threshold=0.3):
    """Return the fundamental frequency in Hz, or 0.0 for silent / unvoiced frames."""
    x = np.asarray(frame, dtype=np.float64)     # np.correlate below rejects non-1-D frames
    if sr <= 0 or fmin <= 0 or fmax <= fmin:
        raise ValueError("need sr > 0 and 0 < fmin < fmax")
    n = x.size
    tau_lo = math.ceil(sr / fmax)
    tau_hi = min(math.floor(sr / fmin), n - 1)
    if tau_lo > tau_hi:
        # also covers frames with fewer than two samples
        raise ValueError("empty lag range: frame too short or fmax too high for sr")

    x = x - x.mean()
    # r[tau] = sum_n x[n] x[n + tau], tau = 0 .. n-1
    r = np.correlate(x, x, mode="full")[n - 1:]
    if r[0] == 0:
        return 0.0                               # silent frame
    tau = tau_lo + int(np.argmax(r[tau_lo:tau_hi + 1]))
    if r[tau] / r[0] < voicing_threshold:
        return 0.0                               # no convincing periodicity
    period = float(tau)
    if tau_lo < tau < tau_hi:
        # tau is the first maximum, so r[tau-1] < r[tau] >= r[tau+1]: the parabola opens
        # downwards and its denominator is never zero
        a, b, c = r[tau - 1], r[tau], r[tau + 1]
        period = tau + 0.5 * (a - c) / (a - 2.0 * b + c)
    return sr / period
