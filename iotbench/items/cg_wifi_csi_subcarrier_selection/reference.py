"""Variance-based subcarrier selection for CSI amplitudes."""
import numpy as np


def select_subcarriers(amplitude, k=10):
    """Return (indices, selected) for the k subcarriers with the largest temporal variance."""
    x = np.asarray(amplitude, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError("amplitude must be a non-empty 2-D array (T, S)")
    if not 1 <= k <= x.shape[1]:
        raise ValueError("k must be between 1 and the number of subcarriers")
    variance = x.var(axis=0)
    # stable sort of the negated variance: descending, ties keep the lower index first
    order = np.argsort(-variance, kind="stable")[:k].astype(np.int64)
    return order, x[:, order]
