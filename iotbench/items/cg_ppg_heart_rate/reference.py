"""Reference solution for cg_ppg_heart_rate."""

import numpy as np

MIN_NFFT = 65536


def ppg_heart_rate(ppg, fs, min_bpm=40.0, max_bpm=200.0):
    """Heart rate (bpm) from the largest spectral peak of a PPG window in the cardiac band."""
    x = np.asarray(ppg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if x.size < 2 * fs:
        raise ValueError("need at least 2 seconds of PPG")
    if not 0 < min_bpm < max_bpm:
        raise ValueError("need 0 < min_bpm < max_bpm")

    n = x.size
    x = (x - x.mean()) * np.hanning(n)        # remove DC, taper the window
    nfft = max(n, MIN_NFFT)                   # zero padding for a fine frequency grid
    spectrum = np.abs(np.fft.rfft(x, nfft))
    freqs = np.fft.rfftfreq(nfft, d=1.0 / fs)

    band = np.flatnonzero((freqs >= min_bpm / 60.0) & (freqs <= max_bpm / 60.0))
    # np.argmax raises ValueError when the band holds no bin (e.g. min_bpm above Nyquist)
    peak = band[np.argmax(spectrum[band])]
    return float(60.0 * freqs[peak])
