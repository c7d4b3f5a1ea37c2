"""Static clutter removal: subtract the slow-time mean."""
import numpy as np


def remove_static_clutter(data, axis=0):
    """Return data minus its mean along the chirp axis, as complex128."""
    x = np.asarray(data, dtype=np.complex128)
    # a 0-d array has no valid axis, so this check also rejects scalars
    if not -x.ndim <= axis < x.ndim:
        raise ValueError("axis out of range (data needs at least one dimension)")
    if x.shape[axis] == 0:
        raise ValueError("no chirps along the given axis")
    return x - x.mean(axis=axis, keepdims=True)
