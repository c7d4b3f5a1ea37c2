import numpy as np
from scipy.signal import butter, sosfiltfilt


def classify_ssvep(eeg, fs, freqs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2:
        raise ValueError("eeg must be 2-D (samples, channels)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(freqs) == 0:
        raise ValueError("freqs must not be empty")
    n = x.shape[0]
    t = np.arange(n) / fs
    sos = butter(4, [3.0, 40.0], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - x.mean(axis=0), axis=0)
    x = x - x.mean(axis=0)
    qx, _ = np.linalg.qr(x)
    scores = []
    for f in freqs:
        y = np.column_stack([np.sin(2 * np.pi * f * t), np.cos(2 * np.pi * f * t)])
        qy, _ = np.linalg.qr(y - y.mean(axis=0))
        scores.append(np.linalg.svd(qx.T @ qy, compute_uv=False)[0])
    return int(np.argmax(scores))
