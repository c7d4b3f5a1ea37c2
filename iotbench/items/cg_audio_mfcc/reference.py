"""MFCCs from a power spectrogram (HTK mel filters, log, orthonormal DCT-II)."""
import numpy as np
from scipy.fft import dct

LOG_FLOOR = 1e-10


def _mel_filters(sr, n_fft, n_mels, fmin, fmax):
    """Unit-peak triangular filters on the bins 0 .. n_fft//2."""
    def to_mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def to_hz(m):
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    points = to_hz(np.linspace(to_mel(fmin), to_mel(fmax), n_mels + 2))
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    left, peak, right = points[:-2, None], points[1:-1, None], points[2:, None]
    rising = (freqs - left) / (peak - left)
    falling = (right - freqs) / (right - peak)
    return np.maximum(0.0, np.minimum(rising, falling))


def mfcc_from_power(power, sr, n_mfcc=13, n_mels=26, fmin=0.0, fmax=None):
    """Return an (n_frames, n_mfcc) array of MFCCs."""
    p = np.asarray(power, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] < 2:
        raise ValueError("power must be 2-D with at least two frequency bins")
    if np.any(p < 0):
        raise ValueError("power must be non-negative")
    if not 1 <= n_mfcc <= n_mels:
        raise ValueError("need 1 <= n_mfcc <= n_mels")
    if fmax is None:
        fmax = sr / 2.0
    # also rejects sr <= 0 (no fmax can satisfy fmin < fmax <= sr/2)
    if fmin < 0 or not fmin < fmax <= sr / 2.0:
        raise ValueError("need sr > 0 and 0 <= fmin < fmax <= sr/2")

    n_fft = 2 * (p.shape[1] - 1)
    filters = _mel_filters(sr, n_fft, n_mels, fmin, fmax)
    log_mel = np.log(p @ filters.T + LOG_FLOOR)
    return dct(log_mel, type=2, norm="ortho", axis=1)[:, :n_mfcc]
