"""Windowed-variance motion detector for CSI amplitudes."""
import numpy as np


def detect_motion(amplitude, threshold, window=50):
    """Score non-overlapping windows by mean per-subcarrier variance; flag scores > threshold."""
    x = np.asarray(amplitude, dtype=np.float64)
    if window < 2:
        raise ValueError("window must be at least 2 samples")
    if threshold < 0:
        raise ValueError("threshold must be non-negative")
    if x.ndim not in (1, 2):
        raise ValueError("amplitude must be 1-D or 2-D")
    if x.shape[0] < window:
        raise ValueError("amplitude is shorter than one window")

    data = x if x.ndim == 2 else x[:, np.newaxis]     # (T, S)
    n_windows = data.shape[0] // window
    # (W, window, S): one block per window; trailing samples are dropped
    blocks = data[: n_windows * window].reshape(n_windows, window, data.shape[1])
    scores = blocks.var(axis=1).mean(axis=1)        # population variance, mean over subcarriers
    return scores, scores > threshold
