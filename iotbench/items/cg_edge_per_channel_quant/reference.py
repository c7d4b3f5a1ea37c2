"""Reference solution for cg_edge_per_channel_quant."""

import numpy as np


def quantize_per_channel(w, axis=0, num_bits=8):
    """Symmetric narrow-range quantisation with one scale per channel along `axis`."""
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 0 or w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("w must have a dimension and at least one element, all finite")
    if not -w.ndim <= axis < w.ndim:
        raise ValueError("axis out of range")
    if not 2 <= num_bits <= 16:
        raise ValueError("num_bits must be between 2 and 16")
    qmax = 2 ** (num_bits - 1) - 1
    moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)   # one row per channel
    peak = np.abs(moved).max(axis=1)
    scales = np.where(peak > 0, peak / qmax, 1.0)
    q = np.clip(np.rint(moved / scales[:, None]), -qmax, qmax)
    errors = np.abs(q * scales[:, None] - moved).max(axis=1)
    dtype = np.int8 if num_bits <= 8 else np.int16
    shape = np.moveaxis(w, axis, 0).shape
    q = np.moveaxis(q.reshape(shape), 0, axis).astype(dtype)
    return q, scales, errors
