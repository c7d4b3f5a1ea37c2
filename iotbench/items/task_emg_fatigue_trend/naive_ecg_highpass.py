import numpy as np
from scipy.signal import butter, filtfilt, iirnotch, sosfiltfilt, welch
from scipy.stats import theilslopes


def fatigue_rate(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    # 30 Hz high-pass: the usual way to keep the heartbeat out of trunk EMG
    sos = butter(4, [30.0, min(450.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - np.median(x))
    for f0 in (50.0, 60.0):
        for h in (1, 2, 3):
            b, a = iirnotch(h * f0, Q=30.0, fs=fs)
            x = filtfilt(b, a, x)
    win = int(fs)
    starts = np.arange(0, x.size - win + 1, win // 2)
    rms = np.array([np.sqrt(np.mean(x[s:s + win] ** 2)) for s in starts])
    active = rms > 0.4 * np.median(rms)
    idx = np.flatnonzero(active)[3:-2]  # skip the ramp and the release
    times, mdf = [], []
    for k in idx:
        f, p = welch(x[starts[k]:starts[k] + win], fs=fs, nperseg=win // 2)
        c = np.cumsum(p)
        mdf.append(f[np.searchsorted(c, c[-1] / 2)])
        times.append(starts[k] / fs / 60.0)
    times = np.array(times) - times[0]
    slope, intercept, _, _ = theilslopes(mdf, times)
    return float(100.0 * slope / intercept)
