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
    # Pan-Tompkins style QRS detection
    b, a = butter(2, [5, 15], btype="band", fs=fs)
    band = filtfilt(b, a, x)
    energy = np.gradient(band) ** 2
    k = int(0.15 * fs)
    mwi = np.convolve(energy, np.ones(k) / k, mode="same")
    peaks, _ = find_peaks(mwi, distance=int(0.25 * fs), height=0.3 * np.percentile(mwi, 99))
    b, a = butter(2, [0.5, 40], btype="band", fs=fs)
    y = filtfilt(b, a, x)
    w = int(0.1 * fs)
    # the R peak: largest deflection near each detection
    r = np.array([p - w + int(np.argmax(np.abs(y[p - w:p + w]))) for p in peaks
                  if w <= p < len(y) - 2 * w])
    r = r[(r >= w) & (r < len(y) - w)]
    beats = np.array([y[p - w:p + w] for p in r])
    template = np.median(beats, axis=0)
    corr = np.array([np.corrcoef(bt, template)[0, 1] for bt in beats])
    # QRS width: samples above half the peak slope energy
    width = np.array([np.sum(mwi[p - w:p + w] > 0.5 * mwi[p - w:p + w].max()) for p in r])
    pvc = (corr < 0.8) | (width > 1.3 * np.median(width))
    return float(100.0 * pvc.sum() / len(pvc))
