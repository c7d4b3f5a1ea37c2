import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def respiratory_rate(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(ppg) < 30 * fs:
        raise ValueError("recording too short")
    # respiratory sinus arrhythmia: breathing modulates the beat-to-beat intervals
    b, a = butter(2, [0.5, min(8.0, 0.45 * fs)], btype="band", fs=fs)
    x = filtfilt(b, a, ppg)
    peaks, _ = find_peaks(x, distance=int(0.4 * fs), prominence=0.5 * x.std())
    t = peaks[1:] / fs
    ibi = np.diff(peaks) / fs
    grid = np.arange(t[0], t[-1], 0.25)
    y = np.interp(grid, t, ibi)
    y = (y - y.mean()) * np.hanning(len(y))
    spec = np.abs(np.fft.rfft(y, 8192))
    f = np.fft.rfftfreq(8192, 0.25)
    band = (f >= 0.1) & (f <= 0.7)
    return float(60 * f[band][np.argmax(spec[band])])
