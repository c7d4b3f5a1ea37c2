import numpy as np
from scipy.signal import butter, filtfilt


def heart_rate_track(ppg, acc, fs):
    """Remove the frequencies where the accelerometer has a peak, take the largest remaining."""
    ppg = np.asarray(ppg, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if ppg.ndim != 1 or acc.ndim != 2 or acc.shape[1] != 3 or len(acc) != len(ppg):
        raise ValueError("bad input shapes")
    if fs <= 0:
        raise ValueError("fs must be positive")
    hop = int(round(2 * fs))
    count = len(ppg) // hop
    if count == 0:
        return np.zeros(0)
    b, a = butter(3, [0.5, min(4.0, 0.45 * fs)], btype="band", fs=fs)
    pad = min(3 * int(fs), len(ppg) - 1)
    x = filtfilt(b, a, ppg - ppg.mean(), padlen=pad)
    mag = filtfilt(b, a, np.linalg.norm(acc, axis=1), padlen=pad)
    ax = filtfilt(b, a, acc - acc.mean(0), axis=0, padlen=pad)
    win = min(int(8 * fs), len(ppg))
    nfft = int(60 * fs)
    bpm = np.fft.rfftfreq(nfft, 1 / fs) * 60
    band = (bpm >= 40) & (bpm <= 220)
    out = np.zeros(count)
    for k in range(count):
        s = int(np.clip(k * hop + hop // 2 - win // 2, 0, len(ppg) - win))
        w = np.hanning(win)
        sp = np.abs(np.fft.rfft(x[s:s + win] * w, nfft))
        sa = np.abs(np.fft.rfft(mag[s:s + win] * w, nfft))
        sa += np.abs(np.fft.rfft(ax[s:s + win] * w[:, None], nfft, axis=0)).sum(1)
        sp[~band] = 0
        if sa[band].max() > 0:
            sp[sa > 0.3 * sa[band].max()] = 0
        out[k] = bpm[np.argmax(sp)]
    return out
