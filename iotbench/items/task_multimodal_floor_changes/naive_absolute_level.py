"""Floor from the absolute altitude: altitude relative to the start of the recording, divided
by the storey height and rounded; a trip is reported when the rounded floor changes and holds."""
import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d


def detect_floor_changes(pressure, fs_baro, acc, fs_acc, floor_height_m):
    p = np.asarray(pressure, dtype=float)
    a = np.asarray(acc, dtype=float)
    if p.ndim != 1 or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("pressure must be 1-D and acc (m, 3)")
    if not (fs_baro > 0 and fs_acc > 0 and floor_height_m > 0):
        raise ValueError("rates and floor height must be positive")
    n = int(len(p) / fs_baro)
    if n < 20:
        return []
    alt = 44330.0 * (1.0 - (p / 1013.25) ** (1 / 5.255))
    k = max(1, int(round(fs_baro)))
    alt = median_filter(alt, size=max(3, 7 * k) | 1, mode="nearest")
    a1 = np.array([alt[int(i * fs_baro):int((i + 1) * fs_baro) or 1].mean() for i in range(n)])
    a1 = uniform_filter1d(a1, 5, mode="nearest")
    level = np.round((a1 - np.median(a1[:10])) / floor_height_m).astype(int)
    events, current, i = [], 0, 0
    while i < n:
        if level[i] != current:
            j = i
            while j < n and level[j] == level[i]:
                j += 1
            if j - i >= 20 or j == n:
                events.append((float(i), int(level[i] - current)))
                current = level[i]
            i = j
        else:
            i += 1
    # merge changes less than 30 s apart into one trip
    merged = []
    for t, f in events:
        if merged and t - merged[-1][0] < 30:
            merged[-1] = (t, merged[-1][1] + f)
        else:
            merged.append((t, f))
    return [(t, f) for t, f in merged if f != 0]
