"""Onset detection from the half-wave rectified spectral flux."""
import numpy as np


def detect_onsets(signal, sr, n_fft=1024, hop_length=512, delta=1.0):
    """Return (onset times in seconds, spectral flux per frame)."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("signal must be 1-D")
    if sr <= 0:
        raise ValueError("sr must be positive")
    if n_fft < 2 or hop_length < 1:
        raise ValueError("need n_fft >= 2 and hop_length >= 1")
    n_frames = max(0, 1 + (x.size - n_fft) // hop_length)
    if n_frames == 0:
        raise ValueError("signal is shorter than one frame")

    starts = np.arange(n_frames) * hop_length
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)   # periodic Hann
    frames = x[starts[:, np.newaxis] + np.arange(n_fft)] * window
    magnitude = np.abs(np.fft.rfft(frames, axis=1))

    flux = np.zeros(n_frames)
    flux[1:] = np.maximum(0.0, np.diff(magnitude, axis=0)).sum(axis=1)
    threshold = flux.mean() + delta * flux.std()

    # neighbours outside the recording never block a peak
    previous = np.r_[-np.inf, flux[:-1]]
    following = np.r_[flux[1:], -np.inf]
    is_onset = (flux > threshold) & (flux > previous) & (flux >= following)
    return np.flatnonzero(is_onset) * hop_length / sr, flux
