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
    ibi = ibi[(ibi > 300) & (ibi < 2000)]          # physiologically plausible only
    rmssd = float(np.sqrt(np.mean(np.diff(ibi) ** 2)))
    return {"ibi_ms": ibi.astype(float), "rmssd_ms": rmssd}
