"""Reverberation time by fitting a decay-plus-noise model to the energy envelope (no Schroeder
integral): the squared, DC-free response is averaged in short blocks and, from 5 dB below the
early decay on, its level in dB is fitted by least squares with 10*log10(A*exp(-k*t) + N), an
exponential decay sinking into a constant background. N goes to zero by itself when the window
ends before the background is reached. RT60 = the time the fitted decay takes to fall 60 dB."""
import numpy as np
from scipy.optimize import least_squares

BLOCK_S = 0.01


def reverberation_time(rir, fs):
    x = np.asarray(rir, dtype=float)
    if x.ndim != 1:
        raise ValueError("rir must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 0.1 * fs:
        raise ValueError("record shorter than 0.1 s")
    x = x - x.mean()
    block = max(1, int(BLOCK_S * fs))
    nb = x.size // block
    energy = (x[:nb * block] ** 2).reshape(nb, block).mean(axis=1) + 1e-30
    level = 10 * np.log10(energy)
    peak = int(np.argmax(level))
    level, energy = level[peak:], energy[peak:]
    t = np.arange(level.size) * BLOCK_S
    early_idx = 1 + int(np.argmax(level[1:max(3, level.size // 4)]))
    start_rel = np.flatnonzero(level[early_idx:] <= level[early_idx] - 5)
    start = early_idx + (int(start_rel[0]) if start_rel.size else 0)
    tf, yf = t[start:] - t[start], level[start:]
    a0 = energy[start]
    n0 = max(np.mean(energy[-max(3, energy.size // 10):]), 1e-30)

    def model(p, tt):
        log_a, log_k, log_n = p
        return 10 * np.log10(np.exp(log_a - np.exp(log_k) * tt) + np.exp(log_n))

    best = None
    for k0 in (1.0, 3.0, 10.0, 30.0):  # decay rates from very live to dead rooms (1/s)
        for noise_guess in (n0, n0 * 1e-3):
            p0 = [np.log(a0), np.log(k0), np.log(noise_guess)]
            fit = least_squares(lambda p: model(p, tf) - yf, p0, loss="soft_l1", f_scale=3.0)
            if best is None or fit.cost < best.cost:
                best = fit
    k = np.exp(best.x[1])  # energy decay rate, 1/s
    return float(60 / (10 * np.log10(np.e) * k))
