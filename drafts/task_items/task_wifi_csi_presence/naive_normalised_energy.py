import numpy as np
from scipy.ndimage import median_filter


def detect_motion(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    n_windows = int(np.floor(t[-1] - t[0])) + 1
    window = np.floor(t - t[0]).astype(int)
    # the receiver's AGC scales whole packets: divide every packet by its mean over subcarriers
    rel = amp / amp.mean(axis=0, keepdims=True)
    rel = median_filter(rel, size=(1, 3), mode="nearest")  # corrupted packets
    score = np.zeros(n_windows)
    for k in range(n_windows):
        cols = rel[:, window == k]
        if cols.shape[1] > 1:
            score[k] = cols.var(axis=1).mean()
    quiet = np.percentile(score, 20)
    flags = score > 4 * quiet
    # require two consecutive windows
    keep = flags.copy()
    keep[1:-1] = flags[1:-1] & (flags[:-2] | flags[2:])
    return keep
