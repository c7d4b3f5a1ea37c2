"""Reference solution for cg_imu_cadence."""

import math

import numpy as np


def cadence_autocorr(acc, fs, min_period_s=0.25, max_period_s=1.0, min_corr=0.3):
    """Steps per minute from the autocorrelation peak of the dynamic acceleration magnitude."""
    a = np.asarray(acc, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if fs <= 0 or min_period_s <= 0:
        raise ValueError("fs and min_period_s must be positive")
    n = a.shape[0]
    kmin = math.ceil(min_period_s * fs)
    kmax = min(math.floor(max_period_s * fs), n - 1)
    # if kmin > kmax the lag range is empty and np.argmax below raises ValueError

    m = np.sqrt(np.sum(a * a, axis=1))
    d = m - m.mean()
    r = np.correlate(d, d, mode="full")[n - 1:]     # r[k] for k = 0 ... n-1
    if r[0] == 0:
        return 0.0
    rho = r / r[0]

    k = kmin + int(np.argmax(rho[kmin:kmax + 1]))  # earliest maximum
    if rho[k] < min_corr:
        return 0.0
    delta = 0.0
    if kmin < k < kmax:                             # parabolic sub-sample refinement
        left, mid, right = rho[k - 1], rho[k], rho[k + 1]
        delta = 0.5 * (left - right) / (left - 2.0 * mid + right)
    return float(60.0 * fs / (k + delta))
