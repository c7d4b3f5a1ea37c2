"""First-order pre-emphasis filter."""
import numpy as np


def pre_emphasis(signal, coefficient=0.97):
    """y[0] = x[0], y[n] = x[n] - coefficient * x[n-1], along the last axis."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError("signal must be 1-D or 2-D")
    if not 0 <= coefficient < 1:
        raise ValueError("coefficient must lie in [0, 1)")
    y = x.copy()
    y[..., 1:] -= coefficient * x[..., :-1]
    return y
