"""Parabolic (three-point) interpolation of a spectral peak."""
import numpy as np


def interpolate_peak(spectrum, index=None):
    """Return (fractional position, interpolated height) of the peak at `index` or the arg-max."""
    y = np.asarray(spectrum, dtype=np.float64)
    if y.ndim != 1 or y.size == 0:
        raise ValueError("spectrum must be a non-empty 1-D array")
    k = int(np.argmax(y)) if index is None else int(index)
    if not 0 <= k < y.size:
        raise ValueError("index out of range")
    if k == 0 or k == y.size - 1:
        # no neighbour on one side: nothing to interpolate
        return float(k), float(y[k])

    a, b, c = y[k - 1], y[k], y[k + 1]
    curvature = a - 2.0 * b + c
    delta = 0.0 if curvature == 0 else 0.5 * (a - c) / curvature
    return float(k + delta), float(b - 0.25 * (a - c) * delta)
