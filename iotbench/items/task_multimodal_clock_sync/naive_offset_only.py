import numpy as np
from scipy.signal import butter, fftconvolve, sosfiltfilt


def _check(t, acc):
    t = np.asarray(t, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if t.ndim != 1 or acc.ndim != 2 or acc.shape != (len(t), 3):
        raise ValueError("timestamps must be 1-D and samples (n, 3)")
    if len(t) < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    return t, acc


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    """One cross-correlation of the vibration magnitudes over the whole recordings; the
    offset is its peak (parabolic refinement); the clocks are taken to tick at the same rate."""
    t_a, acc_a = _check(t_a, acc_a)
    t_b, acc_b = _check(t_b, acc_b)
    fs = 100.0
    sos = butter(3, [2.0, 20.0], btype="bandpass", fs=fs, output="sos")
    sig = []
    for t, acc in ((t_a, acc_a), (t_b, acc_b)):
        grid = np.arange(t[0], t[-1], 1.0 / fs)
        mag = np.interp(grid, t, np.linalg.norm(acc, axis=1))
        sig.append((grid, sosfiltfilt(sos, mag - mag.mean())))
    (ga, xa), (gb, xb) = sig
    c = fftconvolve(xa, xb[::-1], mode="full")
    k = int(np.argmax(c))
    frac = 0.0
    if 0 < k < len(c) - 1:
        den = c[k - 1] - 2 * c[k] + c[k + 1]
        frac = 0.5 * (c[k - 1] - c[k + 1]) / den if den < 0 else 0.0
    lag = (k + frac - (len(xb) - 1)) / fs
    return float(ga[0] + lag - gb[0]), 0.0
