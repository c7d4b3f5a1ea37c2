import numpy as np
from scipy.signal import butter, sosfiltfilt


def _peak(x, fs, lo, hi):
    n = max(x.size, int(fs / 0.002))
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size), n))
    freqs = np.fft.rfftfreq(n, 1 / fs)
    band = (freqs >= lo) & (freqs <= hi)
    return float(freqs[band][np.argmax(spec[band])])


def estimate_vital_signs(iq, fs):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("need at least 20 s")
    x = x - x.mean()  # remove the DC component
    phase = np.unwrap(np.angle(x))
    phase = phase - np.polyval(np.polyfit(np.arange(x.size), phase, 1), np.arange(x.size))
    breath = sosfiltfilt(butter(2, [0.1, 0.5], "bandpass", fs=fs, output="sos"), phase)
    heart = sosfiltfilt(butter(4, [0.8, 2.0], "bandpass", fs=fs, output="sos"), phase)
    return 60.0 * _peak(breath, fs, 0.1, 0.5), 60.0 * _peak(heart, fs, 0.8, 2.0)
