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
    nfft = 8 * n
    # Hann window against leakage, zero padding for a finer grid
    spec_db = 20 * np.log10(np.abs(np.fft.rfft((x - x.mean()) * np.hanning(n), nfft)) + 1e-12)
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    ranges = freqs * C * chirp_time / (2 * bandwidth)
    valid = ranges >= 1.0
    floor = np.median(spec_db[valid])
    # peaks clearly above the noise floor, at least one resolution cell apart
    peaks, _ = find_peaks(np.where(valid, spec_db, -np.inf), height=floor + 13.0,
                          distance=8)
    out = []
    for p in peaks:
        a, b, c = spec_db[p - 1], spec_db[p], spec_db[p + 1]
        shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) < 0 else 0.0
        out.append(float((p + shift) * fs / nfft * C * chirp_time / (2 * bandwidth)))
    return out
