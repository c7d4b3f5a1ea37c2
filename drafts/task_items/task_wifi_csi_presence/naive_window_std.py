import numpy as np


def detect_motion(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    n_windows = int(np.floor(t[-1] - t[0])) + 1
    window = np.floor(t - t[0]).astype(int)
    # robust clean-up of outliers per subcarrier (Hampel-like, against a running median)
    from scipy.ndimage import median_filter
    med = median_filter(amp, size=(1, 7), mode="nearest")
    mad = median_filter(np.abs(amp - med), size=(1, 7), mode="nearest") * 1.4826
    amp = np.where(np.abs(amp - med) > 3 * mad + 1e-12, med, amp)
    # normalise every subcarrier by its overall level, then the variability per window
    rel = amp / np.median(amp, axis=1, keepdims=True)
    score = np.zeros(n_windows)
    for k in range(n_windows):
        cols = rel[:, window == k]
        if cols.shape[1] > 1:
            score[k] = cols.std(axis=1).mean()
    baseline = np.median(score)
    spread = 1.4826 * np.median(np.abs(score - baseline))
    return score > baseline + 5 * spread
