"""Reference solution for cg_edge_qformat."""

import numpy as np


def to_q_format(x, int_bits, frac_bits):
    """Signed Qm.n conversion: round half away from zero, then saturate to the word range."""
    x = np.asarray(x, dtype=np.float64)
    if int_bits < 0 or frac_bits < 0:
        raise ValueError("bit counts must be non-negative")
    width = 1 + int_bits + frac_bits
    if width > 32:
        raise ValueError("word wider than 32 bits")
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite")
    raw = x * 2.0 ** frac_bits
    rounded = np.sign(raw) * np.floor(np.abs(raw) + 0.5)   # halves away from zero
    lo, hi = -(2 ** (width - 1)), 2 ** (width - 1) - 1
    saturated = int(np.count_nonzero((rounded < lo) | (rounded > hi)))
    q = np.clip(rounded, lo, hi).astype(np.int64)
    return q, saturated
