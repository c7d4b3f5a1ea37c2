import numpy as np
from scipy.signal import filtfilt, iirnotch, welch


def remove_powerline(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    # find the mains line in the spectrum (it may be off 50/60 Hz), then notch it and every
    # harmonic up to the Nyquist frequency with a narrow notch
    f, p = welch(x - x.mean(), fs=fs, nperseg=min(x.size, int(4 * fs)))
    band = (f >= 45.0) & (f <= 65.0)
    f0 = f[band][np.argmax(p[band])]
    out = x - x.mean()
    h = 1
    while h * f0 < 0.49 * fs:
        b, a = iirnotch(h * f0, Q=50.0, fs=fs)
        out = filtfilt(b, a, out)
        h += 1
    return out + x.mean()
