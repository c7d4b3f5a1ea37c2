import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt


def count_repetitions(emg, fs):
    emg = np.asarray(emg, dtype=float)
    if emg.ndim != 2:
        raise ValueError("emg must be (samples, channels)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if emg.shape[0] < 2 * fs:
        return 0
    # standard linear envelope: band-pass, full-wave rectify, 3 Hz low-pass
    band = butter(4, [20.0, min(450.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(band, emg - emg.mean(axis=0), axis=0)
    env = sosfiltfilt(butter(2, 3.0, fs=fs, output="sos"), np.abs(x), axis=0)
    total = env.sum(axis=1)
    total = (total - total.min()) / (total.max() - total.min() + 1e-12)
    peaks, _ = find_peaks(total, height=0.2, prominence=0.1, distance=int(0.8 * fs))
    return int(len(peaks))
