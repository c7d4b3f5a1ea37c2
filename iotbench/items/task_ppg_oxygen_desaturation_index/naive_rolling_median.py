import numpy as np


def oxygen_desaturation_index(spo2):
    x = np.asarray(spo2, dtype=float)
    if x.ndim != 1:
        raise ValueError("spo2 must be 1-D")
    valid = (x != 0) & (x != 127)
    if not valid.any():
        raise ValueError("no valid data")
    s = np.where(valid, x, np.nan)
    n = len(s)
    # baseline: median of the previous 3 minutes of valid readings
    baseline = np.full(n, np.nan)
    for i in range(0, n, 10):
        window = s[max(0, i - 180):i]
        window = window[~np.isnan(window)]
        if window.size >= 30:
            baseline[i:i + 10] = np.median(window)
    below = valid & ~np.isnan(baseline) & (s <= baseline - 3)
    # an event: at least 10 s below the threshold (AASM-style duration)
    events, run = 0, 0
    for b in below:
        if b:
            run += 1
        else:
            if run >= 10:
                events += 1
            run = 0
    if run >= 10:
        events += 1
    return float(events / (valid.sum() / 3600.0))
