"""Reference solution for cg_edge_requantize."""

import math

import numpy as np


def requantize(acc, real_multiplier, output_zero_point, qmin=-128, qmax=127):
    """Scale int32 accumulators by M = qm * 2**-(31 + shift), rounding halves away from zero."""
    if not 0.0 < real_multiplier < 1.0:
        raise ValueError("real_multiplier must be in (0, 1)")
    if qmin > qmax:
        raise ValueError("qmin must not exceed qmax")
    m0, exponent = math.frexp(real_multiplier)      # real_multiplier = m0 * 2**exponent
    shift = -exponent
    qm = round(m0 * 2 ** 31)
    if qm == 2 ** 31:                               # m0 rounded up to 1.0
        qm = 2 ** 30
        shift -= 1
    n = 31 + shift
    values = np.asarray(acc, dtype=np.int64)
    out = np.empty(values.shape, dtype=np.int64)
    for index, a in np.ndenumerate(values):
        p = int(a) * qm                             # exact: Python integers
        scaled = (abs(p) + (1 << (n - 1))) >> n
        if p < 0:
            scaled = -scaled
        out[index] = min(qmax, max(qmin, scaled + output_zero_point))
    return out.astype(np.int32), qm, shift
