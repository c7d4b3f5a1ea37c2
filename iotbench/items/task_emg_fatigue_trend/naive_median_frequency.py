import numpy as np
from scipy.signal import butter, filtfilt, iirnotch, sosfiltfilt, welch


def fatigue_rate(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    sos = butter(4, [20.0, min(450.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - x.mean())
    for f0 in (50.0, 60.0):
        b, a = iirnotch(f0, Q=30.0, fs=fs)
        x = filtfilt(b, a, x)
    win = int(fs)
    times, mdf, rms = [], [], []
    for start in range(0, x.size - win + 1, win):
        seg = x[start:start + win]
        f, p = welch(seg, fs=fs, nperseg=min(win, 512))
        c = np.cumsum(p)
        mdf.append(f[np.searchsorted(c, c[-1] / 2)])
        rms.append(np.sqrt(np.mean(seg ** 2)))
        times.append((start + win / 2) / fs)
    times, mdf, rms = map(np.array, (times, mdf, rms))
    active = rms > 0.5 * np.median(rms[rms >= np.percentile(rms, 50)])
    t_min = (times[active] - times[active][0]) / 60.0
    slope, intercept = np.polyfit(t_min, mdf[active], 1)
    return float(100.0 * slope / intercept)
