"""Beat frequency <-> range conversion for FMCW radar."""
import numpy as np

SPEED_OF_LIGHT = 3.0e8


def fmcw_convert(value, bandwidth, chirp_duration, to="range"):
    """Convert beat frequency (Hz) to range (m) or back, for slope = bandwidth / chirp_duration."""
    if bandwidth <= 0 or chirp_duration <= 0:
        raise ValueError("bandwidth and chirp_duration must be positive")
    if to not in ("range", "beat"):
        raise ValueError("to must be 'range' or 'beat'")
    v = np.asarray(value, dtype=np.float64)
    if np.any(v < 0):
        raise ValueError("values must be non-negative")
    slope = bandwidth / chirp_duration
    if to == "range":
        result = SPEED_OF_LIGHT * v / (2.0 * slope)
    else:
        result = 2.0 * slope * v / SPEED_OF_LIGHT
    return float(result) if result.ndim == 0 else result
