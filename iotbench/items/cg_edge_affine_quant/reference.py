"""Reference solution for cg_edge_affine_quant."""

import numpy as np


def quantize_affine(x, num_bits=8, signed=True):
    """Asymmetric quantisation: scale and zero point from the data range widened to include 0."""
    x = np.asarray(x, dtype=np.float64)
    if not 2 <= num_bits <= 16:
        raise ValueError("num_bits must be between 2 and 16")
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("x must be non-empty and finite")
    if signed:
        qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    else:
        qmin, qmax = 0, 2 ** num_bits - 1
    lo = min(float(x.min()), 0.0)          # 0.0 must be exactly representable
    hi = max(float(x.max()), 0.0)
    scale = (hi - lo) / (qmax - qmin)
    if scale == 0:
        scale = 1.0
    zero_point = round(qmin - lo / scale)
    q = np.clip(np.rint(x / scale) + zero_point, qmin, qmax)
    return q.astype(np.int32), float(scale), zero_point
