import numpy as np
from scipy.signal import butter, filtfilt, find_peaks


def pvc_burden(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 60 * fs:
        raise ValueError("recording too short")
    b, a = butter(2, [5, 15], btype="band", fs=fs)
    band = filtfilt(b, a, x)
    energy = np.convolve(np.gradient(band) ** 2, np.ones(int(0.15 * fs)), mode="same")
    peaks, _ = find_peaks(energy, distance=int(0.25 * fs), height=0.2 * np.percentile(energy, 99))
    rr = np.diff(peaks) / fs
    # premature beats: clearly shorter than the running average and followed by a pause
    ref = np.convolve(rr, np.ones(9) / 9, mode="same")
    premature = np.r_[False, (rr[:-1] < 0.85 * ref[:-1]) & (rr[1:] > rr[:-1] * 1.2)]
    return float(100.0 * premature.sum() / len(peaks))
