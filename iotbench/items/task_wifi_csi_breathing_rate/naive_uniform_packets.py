import numpy as np
from scipy.signal import butter, sosfiltfilt


def breathing_rate(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    # per-packet normalisation removes the receiver gain; the packet rate is taken as constant
    fs = (t.size - 1) / (t[-1] - t[0])
    x = np.log(amp) - np.log(amp).mean(axis=0, keepdims=True)
    sos = butter(2, [0.1, 0.7], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x - x.mean(axis=1, keepdims=True), axis=1)
    n_fft = 1 << int(np.ceil(np.log2(8 * x.shape[1])))
    spec = (np.abs(np.fft.rfft(x * np.hanning(x.shape[1]), n=n_fft, axis=1)) ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(n_fft, 1 / fs)
    band = (freqs >= 0.1) & (freqs <= 0.7)
    return float(60 * freqs[band][np.argmax(spec[band])])
