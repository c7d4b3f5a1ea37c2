import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def breathing_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 30 * fs:
        raise ValueError("recording too short")
    # respiratory sinus arrhythmia: the heart speeds up on inspiration, slows on expiration
    b, a = butter(2, [5, 20], btype="band", fs=fs)
    y = np.abs(filtfilt(b, a, x))
    peaks, _ = find_peaks(y, distance=int(0.3 * fs), height=0.4 * np.percentile(y, 99.5))
    t = peaks[1:] / fs
    rr = np.diff(peaks) / fs
    grid = np.arange(t[0], t[-1], 0.25)
    s = np.interp(grid, t, rr)
    s = (s - s.mean()) * np.hanning(len(s))
    spec = np.abs(np.fft.rfft(s, 8192))
    f = np.fft.rfftfreq(8192, 0.25)
    band = (f >= 0.1) & (f <= 0.7)
    return float(60 * f[band][np.argmax(spec[band])])
