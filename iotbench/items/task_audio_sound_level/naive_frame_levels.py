"""A-weighted level per 125 ms frame (exact A curve per frame spectrum), reported as the mean
of the frame levels in dB."""
import numpy as np

F1, F2, F3, F4 = 20.598997, 107.65265, 737.86223, 12194.217


def _a_gain(f):
    f2 = f * f
    return (F4 ** 2 * f2 * f2 / ((f2 + F1 ** 2) * np.sqrt((f2 + F2 ** 2) * (f2 + F3 ** 2))
                                 * (f2 + F4 ** 2))) * 10 ** 0.1


def laeq(samples, fs):
    x = np.asarray(samples, dtype=float)
    if x.ndim != 1:
        raise ValueError("samples must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < fs:
        raise ValueError("recording shorter than 1 s")
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
