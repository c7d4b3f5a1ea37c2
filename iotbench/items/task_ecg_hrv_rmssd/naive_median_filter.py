import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def hrv_time_domain(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 60 * fs:
        raise ValueError("recording too short")
    b, a = butter(3, [5, 20], btype="band", fs=fs)
    y = np.abs(filtfilt(b, a, x))
    peaks, _ = find_peaks(y, distance=int(0.3 * fs), height=0.4 * np.percentile(y, 99.5))
    rr = np.diff(peaks) / fs * 1000
    # remove ectopic beats and artefacts: intervals more than 20 % away from the median
    med = np.median(rr)
    nn = rr[np.abs(rr - med) <= 0.2 * med]
    return {"rmssd_ms": float(np.sqrt(np.mean(np.diff(nn) ** 2))),
            "sdnn_ms": float(np.std(nn, ddof=1))}
