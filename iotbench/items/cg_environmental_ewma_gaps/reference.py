import numpy as np


def ewma_with_gaps(x, alpha=0.3, max_gap=3):
    """EWMA that holds its state over short gaps and restarts after long ones."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("x must be 1-D")
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    if max_gap < 0:
        raise ValueError("max_gap must be >= 0")
    out = np.full(x.size, np.nan)
    state = None   # no state yet (last_valid is set together with the state)
    for i, v in enumerate(x):
        if np.isfinite(v):
            last_valid = i
            state = v if state is None else alpha * v + (1.0 - alpha) * state
            out[i] = state
        elif state is not None:
            # consecutive missing samples since the last valid one
            if i - last_valid > max_gap:
                state = None       # gap too long: forget the old level
            else:
                out[i] = state     # bridge the gap by holding the estimate
    return out
