import numpy as np
from scipy.signal import butter, filtfilt


def usable_seconds(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0 or counts_per_mv <= 0:
        raise ValueError("fs and counts_per_mv must be positive")
    secs = int(len(x) // fs)
    mv = x / counts_per_mv
    b, a = butter(2, [0.5, min(40.0, 0.45 * fs)], btype="band", fs=fs)
    y = filtfilt(b, a, mv)
    ptp = np.array([np.ptp(y[int(k * fs):int((k + 1) * fs)]) for k in range(secs)])
    raw_std = np.array([np.std(mv[int(k * fs):int((k + 1) * fs)]) for k in range(secs)])
    typical = np.median(ptp)
    usable = np.ones(secs, dtype=bool)
    usable &= raw_std > 0.005                  # flat line: electrode off
    usable &= ptp < 2.5 * typical              # much larger than usual: artefact
    usable &= ptp > 0.3 * typical              # much smaller than usual: lost signal
    for k in range(secs):                      # clipped at the ADC limits
        seg = x[int(k * fs):int((k + 1) * fs)]
        if np.mean((seg <= 0) | (seg >= 4095)) > 0.05:
            usable[k] = False
    return usable
