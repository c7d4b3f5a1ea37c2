"""Reference solution for cg_imu_step_count."""

import numpy as np


def count_steps(acc, fs, threshold=1.0, min_interval_s=0.3, smooth_s=0.1):
    """Pedometer: peaks of the smoothed dynamic acceleration magnitude with a refractory gap."""
    a = np.asarray(acc, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3 or a.shape[0] < 3:
        raise ValueError("acc must have shape (n, 3) with n >= 3")
    if fs <= 0:
        raise ValueError("fs must be positive")

    mag = np.sqrt(np.sum(a * a, axis=1))
    d = mag - mag.mean()                       # dynamic part (gravity removed on average)
    w = int(round(smooth_s * fs))
    if w % 2 == 0:
        w += 1                                 # odd, centred window
    h = w // 2
    s = np.convolve(d, np.ones(w) / w)[h:h + d.size]   # centred, zeros outside, divisor w

    gap = int(round(min_interval_s * fs))
    steps = []
    for i in range(1, s.size - 1):
        if s[i] > threshold and s[i] > s[i - 1] and s[i] >= s[i + 1]:
            if not steps or i - steps[-1] >= gap:
                steps.append(i)
    return len(steps), np.array(steps, dtype=np.int64)
