"""Breathing-rate estimation from the spectrum of CSI amplitudes."""
import numpy as np
from scipy.signal import detrend


def estimate_breathing_rate(amplitude, fs, min_bpm=6.0, max_bpm=30.0):
    """Return the frequency (breaths/min) of the strongest in-band peak of the summed spectrum."""
    x = np.asarray(amplitude, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError("amplitude must be 1-D or 2-D")
    if x.shape[0] < 2:
        raise ValueError("at least two samples are needed")
    if min_bpm <= 0 or min_bpm >= max_bpm:
        raise ValueError("need 0 < min_bpm < max_bpm")
    if max_bpm / 60.0 > fs / 2.0:
        # also rejects fs <= 0
        raise ValueError("the breathing band exceeds the Nyquist frequency")

    n_time = x.shape[0]
    # remove drift and mean from every subcarrier
    detrended = detrend(x, axis=0, type="linear")
    # zero-padded FFT: smallest power of two >= 8 * T
    n_fft = 1 << int(np.ceil(np.log2(8 * n_time)))
    spectrum = np.abs(np.fft.rfft(detrended, n=n_fft, axis=0)) ** 2
    if spectrum.ndim == 2:
        spectrum = spectrum.sum(axis=1)
    freqs = np.arange(spectrum.shape[0]) * fs / n_fft

    band = np.flatnonzero((freqs >= min_bpm / 60.0) & (freqs <= max_bpm / 60.0))
    # np.argmax raises ValueError when no bin falls inside the band
    best = band[np.argmax(spectrum[band])]
    return float(60.0 * freqs[best])
