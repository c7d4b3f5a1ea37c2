"""Range FFT of one FMCW chirp."""
import numpy as np

SPEED_OF_LIGHT = 3.0e8


def range_profile(beat, fs, slope, n_fft=None):
    """Return (target_range, ranges, profile) for a real beat signal of one chirp."""
    x = np.asarray(beat, dtype=np.float64)
    if x.ndim != 1 or x.size < 3:
        raise ValueError("beat must be 1-D with at least three samples")
    if fs <= 0 or slope <= 0:
        raise ValueError("fs and slope must be positive")
    n = x.size
    if n_fft is None:
        n_fft = n
    if n_fft < n:
        raise ValueError("n_fft must be at least the number of samples")

    window = np.hanning(n)                      # symmetric Hann
    spectrum = np.fft.rfft((x - x.mean()) * window, n=n_fft)
    profile = 2.0 * np.abs(spectrum) / window.sum()
    ranges = SPEED_OF_LIGHT * np.arange(profile.size) * fs / (2.0 * slope * n_fft)
    # strongest bin excluding DC (bin 0)
    target_bin = 1 + int(np.argmax(profile[1:]))
    return float(ranges[target_bin]), ranges, profile
