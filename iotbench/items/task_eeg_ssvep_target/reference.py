"""Attended SSVEP target by canonical correlation analysis with harmonic references.

The steady-state response is phase-locked to the flicker and contains its harmonics (at slow
flicker rates the second harmonic is often the larger one). For every candidate frequency the
multichannel EEG is correlated, by CCA, with sine and cosine references at the frequency and
its harmonics; the candidate with the largest canonical correlation wins. Offsets, drift and
mains are removed first by a band-pass that keeps the harmonics used.
"""
import numpy as np
from scipy.signal import butter, sosfiltfilt

N_HARMONICS = 3


def _max_canonical_corr(qx, y):
    """Largest canonical correlation between the orthonormal basis qx and the columns of y."""
    qy, _ = np.linalg.qr(y)
    s = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return float(s[0])


def classify_ssvep(eeg, fs, freqs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2:
        raise ValueError("eeg must be 2-D (samples, channels)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    freqs = [float(f) for f in freqs]
    if len(freqs) == 0:
        raise ValueError("freqs must not be empty")
    n = x.shape[0]
    t = np.arange(n) / fs
    x = x - x.mean(axis=0)
    x = x - np.outer(t - t.mean(), (t - t.mean()) @ x / ((t - t.mean()) @ (t - t.mean())))
    high = min(0.9 * N_HARMONICS * max(freqs) + 5.0, 0.45 * fs)
    high = min(high, 48.0)
    sos = butter(4, [3.0, high], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x, axis=0, padlen=min(n - 1, int(0.5 * fs)))
    # whiten the 1/f background (a first difference flattens it), so that slow candidates are
    # not favoured by the larger spontaneous activity at low frequencies
    x = np.diff(x, axis=0)
    t = t[1:]
    x = x - x.mean(axis=0)
    qx, _ = np.linalg.qr(x)
    scores = []
    for f in freqs:
        cols = []
        for h in range(1, N_HARMONICS + 1):
            if h * f < high:
                cols += [np.sin(2 * np.pi * h * f * t), np.cos(2 * np.pi * h * f * t)]
        y = np.column_stack(cols)
        scores.append(_max_canonical_corr(qx, y - y.mean(axis=0)))
    return int(np.argmax(scores))
