import numpy as np
from scipy.signal import butter, filtfilt, find_peaks, welch


def breathing_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 30 * fs:
        raise ValueError("recording too short")
    # ECG-derived respiration: breathing modulates the R-peak amplitude
    b, a = butter(2, [0.5, 40], btype="band", fs=fs)
    y = filtfilt(b, a, x)
    if np.abs(y.min()) > np.abs(y.max()):
        y = -y
    peaks, _ = find_peaks(y, distance=int(0.3 * fs), height=0.4 * np.percentile(y, 99.5))
    t = peaks / fs
    amp = y[peaks]
    grid = np.arange(t[0], t[-1], 0.25)
    edr = np.interp(grid, t, amp)
    edr = edr - edr.mean()
    f, p = welch(edr, fs=4.0, nperseg=min(len(edr), 256), nfft=4096)
    band = (f >= 0.1) & (f <= 0.7)
    return float(60 * f[band][np.argmax(p[band])])
