import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def ppg_hrv(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(ppg) < 30 * fs:
        raise ValueError("recording too short")
    b, a = butter(3, [0.5, min(8.0, 0.45 * fs)], btype="band", fs=fs)
    x = filtfilt(b, a, ppg)
    if abs(x.min()) > abs(x.max()):   # make the pulses point upwards
        x = -x
    peaks, _ = find_peaks(x, distance=int(0.33 * fs), prominence=0.3 * x.std())
    ibi = np.diff(peaks) / fs * 1000.0
    # drop artefacts and ectopic beats: intervals more than 20 % away from the median
    med = np.median(ibi)
    ibi = ibi[np.abs(ibi - med) <= 0.2 * med]
    rmssd = float(np.sqrt(np.mean(np.diff(ibi) ** 2)))
    return {"ibi_ms": ibi.astype(float), "rmssd_ms": rmssd}
