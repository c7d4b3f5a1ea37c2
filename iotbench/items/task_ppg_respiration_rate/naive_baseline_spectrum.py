import numpy as np
from scipy.signal import butter, filtfilt, welch


def respiratory_rate(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(ppg) < 30 * fs:
        raise ValueError("recording too short")
    # isolate the respiratory band (6-42 breaths/min) of the PPG and take its dominant frequency
    b, a = butter(2, [0.1, 0.7], btype="band", fs=fs)
    resp = filtfilt(b, a, ppg - ppg.mean())
    step = max(1, int(fs // 4))
    resp = resp[::step]
    f, p = welch(resp, fs=fs / step, nperseg=min(len(resp), int(60 * fs / step)), nfft=8192)
    band = (f >= 0.1) & (f <= 0.7)
    return float(60 * f[band][np.argmax(p[band])])
