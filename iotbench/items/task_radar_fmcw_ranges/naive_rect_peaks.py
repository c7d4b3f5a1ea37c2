import numpy as np
from scipy.signal import find_peaks

C = 3.0e8


def target_ranges(beat, fs, bandwidth, chirp_time):
    x = np.asarray(beat, dtype=float)
    if x.ndim != 1 or x.size < 16:
        raise ValueError("beat must be 1-D with at least 16 samples")
    if fs <= 0 or bandwidth <= 0 or chirp_time <= 0:
        raise ValueError("parameters must be positive")
    spec = np.abs(np.fft.rfft(x - x.mean()))
    freqs = np.fft.rfftfreq(x.size, 1 / fs)
    ranges = freqs * C * chirp_time / (2 * bandwidth)
    valid = ranges >= 1.0
    noise = np.median(spec[valid])
    peaks, _ = find_peaks(spec, height=10 * noise, distance=2)
    return [float(ranges[p]) for p in peaks if valid[p]]
