"""Triangular mel filterbank (HTK mel scale, unit-peak triangles)."""
import numpy as np


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def mel_filterbank(sr, n_fft, n_mels=40, fmin=0.0, fmax=None):
    """Return an (n_mels, n_fft//2 + 1) matrix of triangular filter weights."""
    if n_fft < 2 or n_mels < 1:
        raise ValueError("need n_fft >= 2 and n_mels >= 1")
    if fmax is None:
        fmax = sr / 2.0
    # also rejects sr <= 0 (no fmax can satisfy fmin < fmax <= sr/2)
    if fmin < 0 or not fmin < fmax <= sr / 2.0:
        raise ValueError("need sr > 0 and 0 <= fmin < fmax <= sr/2")

    bin_freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bin_freqs - left) / (centre - left)
    falling = (right - bin_freqs) / (right - centre)
    return np.maximum(0.0, np.minimum(rising, falling))
