import numpy as np
from scipy.signal import butter, sosfiltfilt


def breathing_rate(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    # resample the subcarrier-averaged amplitude onto a uniform 20 Hz grid
    fs = 20.0
    grid = np.arange(t[0], t[-1], 1 / fs)
    x = np.interp(grid, t, amp.mean(axis=0))
    sos = butter(3, [0.1, 0.7], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - x.mean())
    n_fft = 1 << int(np.ceil(np.log2(8 * x.size)))
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size), n=n_fft))
    freqs = np.fft.rfftfreq(n_fft, 1 / fs)
    band = (freqs >= 0.1) & (freqs <= 0.7)
    return float(60 * freqs[band][np.argmax(spec[band])])
