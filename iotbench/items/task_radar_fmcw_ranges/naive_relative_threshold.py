import numpy as np
from scipy.signal import find_peaks

C = 3.0e8


def target_ranges(beat, fs, bandwidth, chirp_time):
    x = np.asarray(beat, dtype=float)
    if x.ndim != 1 or x.size < 16:
        raise ValueError("beat must be 1-D with at least 16 samples")
    if fs <= 0 or bandwidth <= 0 or chirp_time <= 0:
        raise ValueError("parameters must be positive")
    n = x.size
    nfft = 4 * n
    spec = np.abs(np.fft.rfft((x - x.mean()) * np.hanning(n), nfft))
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    ranges = freqs * C * chirp_time / (2 * bandwidth)
    valid = ranges >= 1.0
    strongest = spec[valid].max()
    # targets: clear peaks within 40 dB of the strongest one
    peaks, _ = find_peaks(np.where(valid, spec, 0.0), height=0.01 * strongest, distance=8)
    return [float(ranges[p]) for p in peaks]
