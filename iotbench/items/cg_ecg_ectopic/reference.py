"""Reference solution for cg_ecg_ectopic."""

import numpy as np


def flag_ectopic_beats(r_peaks, fs, prematurity=0.8, compensation=1.1, history=5):
    """Flag beats that come early and are followed by a compensatory pause."""
    peaks = np.asarray(r_peaks, dtype=np.float64).ravel()
    if peaks.size < 3:
        raise ValueError("need at least 3 R peaks")
    if fs <= 0 or history < 1:
        raise ValueError("fs must be positive and history at least 1")
    rr = np.diff(peaks) / fs
    if np.any(rr <= 0):
        raise ValueError("R peaks must be strictly increasing")

    ectopic = np.zeros(peaks.size, dtype=bool)
    normal = []                       # accepted (normal) intervals, in order
    overall = float(np.median(rr))    # fallback reference while `normal` is empty
    k, m = 0, rr.size
    while k < m - 1:
        ref = float(np.median(normal[-history:])) if normal else overall
        if rr[k] < prematurity * ref and rr[k + 1] > compensation * ref:
            ectopic[k + 1] = True     # beat k+1 ends the premature interval
            k += 2                    # skip the compensatory interval as well
        else:
            normal.append(rr[k])
            k += 1
    return ectopic
