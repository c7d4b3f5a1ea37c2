"""Reference solution for cg_imu_gravity_removal."""

import numpy as np
from scipy import signal as sps


def remove_gravity(acc, fs, cutoff_hz=0.3, order=2):
    """Causal Butterworth low-pass (started in steady state) -> (linear, gravity)."""
    x = np.asarray(acc, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 3 or not x.shape[0]:
        raise ValueError("acc must have shape (n, 3) with n >= 1")
    # butter() raises ValueError unless fs > 0 and 0 < cutoff_hz < fs / 2
    b, a = sps.butter(order, cutoff_hz, "lowpass", fs=fs)
    zi = sps.lfilter_zi(b, a)                 # steady state for a unit step
    gravity = np.empty_like(x)
    for axis in range(3):
        gravity[:, axis], _ = sps.lfilter(b, a, x[:, axis], zi=zi * x[0, axis])
    return x - gravity, gravity
