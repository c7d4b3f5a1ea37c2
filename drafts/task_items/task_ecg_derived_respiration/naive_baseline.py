import numpy as np
from scipy.signal import butter, filtfilt, welch


def breathing_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 30 * fs:
        raise ValueError("recording too short")
    # breathing moves the ECG baseline: keep 6-42 breaths/min and find the dominant rhythm
    step = int(fs // 10)
    b, a = butter(2, 2.0, btype="low", fs=fs)
    slow = filtfilt(b, a, x)[::step]
    b, a = butter(2, [0.1, 0.7], btype="band", fs=fs / step)
    resp = filtfilt(b, a, slow)
    f, p = welch(resp, fs=fs / step, nperseg=min(len(resp), int(60 * fs / step)), nfft=8192)
    band = (f >= 0.1) & (f <= 0.7)
    return float(60 * f[band][np.argmax(p[band])])
