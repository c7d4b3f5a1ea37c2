import numpy as np


def oxygen_desaturation_index(spo2):
    x = np.asarray(spo2, dtype=float)
    if x.ndim != 1:
        raise ValueError("spo2 must be 1-D")
    valid = (x != 0) & (x != 127)
    if not valid.any():
        raise ValueError("no valid data")
    baseline = np.median(x[valid])
    below = valid & (x <= baseline - 3)
    # count the starts of stretches below the threshold
    starts = np.flatnonzero(below[1:] & ~below[:-1]) + 1
    events = len(starts) + int(below[0])
    return float(events / (valid.sum() / 3600.0))
