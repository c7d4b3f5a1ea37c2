import numpy as np


def two_point_calibrate(raw, raw_low, ref_low, raw_high, ref_high, clip_range=None):
    """Map raw readings onto the line through (raw_low, ref_low) and (raw_high, ref_high)."""
    if raw_high == raw_low:
        raise ValueError("the two raw calibration readings must differ")
    if clip_range is not None and clip_range[0] > clip_range[1]:
        raise ValueError("clip_range minimum exceeds maximum")
    x = np.asarray(raw, dtype=np.float64)
    gain = (ref_high - ref_low) / (raw_high - raw_low)
    corrected = ref_low + (x - raw_low) * gain
    if clip_range is not None:
        corrected = np.clip(corrected, clip_range[0], clip_range[1])
    return np.asarray(corrected, dtype=np.float64)
