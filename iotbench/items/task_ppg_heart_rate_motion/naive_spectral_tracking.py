import numpy as np
from scipy.signal import butter, filtfilt


def heart_rate_track(ppg, acc, fs):
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
    x = filtfilt(b, a, ppg - ppg.mean(), padlen=min(3 * int(fs), len(ppg) - 1))
    win = min(int(8 * fs), len(ppg))
    nfft = int(60 * fs)
    bpm = np.fft.rfftfreq(nfft, 1 / fs) * 60
    band = (bpm >= 40) & (bpm <= 220)
    out = np.zeros(count)
    prev = None
    for k in range(count):
        s = int(np.clip(k * hop + hop // 2 - win // 2, 0, len(ppg) - win))
        spec = np.abs(np.fft.rfft(x[s:s + win] * np.hanning(win), nfft))
        spec[~band] = 0
        if prev is not None:  # heart rate cannot jump: search near the last value
            spec[np.abs(bpm - prev) > 15] = 0
        est = bpm[np.argmax(spec)]
        prev = est
        out[k] = est
    return out
