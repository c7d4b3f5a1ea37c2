"""Frame-wise zero-crossing rate."""
import numpy as np


def zero_crossing_rate(signal, frame_length=1024, hop_length=256):
    """Share of consecutive sample pairs with different sign (>= 0 counts as positive)."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("signal must be 1-D")
    if frame_length < 2 or hop_length < 1:
        raise ValueError("need frame_length >= 2 and hop_length >= 1")
    n_frames = max(0, 1 + (x.size - frame_length) // hop_length)
    positive = x >= 0
    # change[i] is True when samples i and i+1 lie on different sides of zero
    change = positive[1:] != positive[:-1]
    starts = np.arange(n_frames) * hop_length
    # pairs inside frame s..s+L-1 are change[s .. s+L-2]
    counts = change[starts[:, np.newaxis] + np.arange(frame_length - 1)].sum(axis=1)
    return counts / (frame_length - 1.0)
