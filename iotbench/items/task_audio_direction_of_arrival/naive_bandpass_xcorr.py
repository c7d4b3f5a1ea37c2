import numpy as np
from scipy.signal import butter, sosfiltfilt


def estimate_direction(x, fs, spacing_m):
    """Cross-correlation of the speech band (300-3400 Hz) over the active frames only."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("x must have shape (n, 2)")
    if fs <= 0 or spacing_m <= 0:
        raise ValueError("fs and spacing_m must be positive")
    c = 343.0
    sos = butter(4, [300, min(3400, 0.45 * fs)], btype="band", fs=fs, output="sos")
    y = sosfiltfilt(sos, x - x.mean(axis=0), axis=0)
    frame = int(0.02 * fs)
    n_frames = len(y) // frame
    energy = (y[:n_frames * frame] ** 2).reshape(n_frames, frame, 2).sum(axis=(1, 2))
    active = energy > 0.1 * energy.max()
    mask = np.repeat(active, frame)
    a, b = y[:n_frames * frame, 0] * mask, y[:n_frames * frame, 1] * mask
    n = 2 * len(a)
    interp = 16
    cc = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n * interp)
    max_lag = int(np.ceil(spacing_m / c * fs * interp))
    lags = np.arange(-max_lag, max_lag + 1)
    tau = lags[int(np.argmax(cc[lags % cc.size]))] / (fs * interp)
    return float(np.degrees(np.arcsin(np.clip(tau * c / spacing_m, -1.0, 1.0))))
