"""Reads the decay off the smoothed energy envelope: time from the peak until the envelope has
fallen 60 dB (or, when the record does not go that deep, three times the -20 dB time)."""
import numpy as np


def reverberation_time(rir, fs):
    x = np.asarray(rir, dtype=float)
    if x.ndim != 1:
        raise ValueError("rir must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 0.1 * fs:
        raise ValueError("record too short")
    x = x - np.mean(x)
    win = max(1, int(0.01 * fs))
    env = np.convolve(x * x, np.ones(win) / win, mode="same")
    env_db = 10 * np.log10(env / env.max() + 1e-300)
    peak = int(np.argmax(env_db))
    after = env_db[peak:]
    below60 = np.flatnonzero(after <= -60)
    if below60.size:
        return float(below60[0] / fs)
    below20 = np.flatnonzero(after <= -20)
    return float(3 * below20[0] / fs)
