"""Reference solution for cg_imu_fall_detection."""

import numpy as np


def detect_falls(acc, fs, impact_g=2.5, wait_s=1.0, still_s=2.0, still_std_g=0.05):
    """Impact (|a| >= impact_g) followed after `wait_s` by `still_s` seconds of stillness."""
    a = np.asarray(acc, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    wait = int(round(wait_s * fs))
    still = int(round(still_s * fs))
    if wait < 0 or still < 2:
        raise ValueError("need wait >= 0 and still >= 2 samples")

    m = np.sqrt(np.sum(a * a, axis=1))
    n = m.size
    falls = []
    i = 0
    while i < n:
        is_start = m[i] >= impact_g and (i == 0 or m[i - 1] < impact_g)
        if is_start:
            begin = i + wait
            end = begin + still
            if end <= n and np.std(m[begin:end]) < still_std_g:
                falls.append(i)
                i = end                     # resume after the stillness window
                continue
        i += 1
    return np.array(falls, dtype=np.int64)
