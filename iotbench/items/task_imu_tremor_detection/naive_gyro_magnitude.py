import numpy as np
from scipy.signal import butter, sosfiltfilt


def detect_tremor(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(gyro)
    win, hop = int(4 * fs), int(0.5 * fs)
    if n < win:
        return []
    # orientation-independent signal: magnitude of the angular rate
    mag = np.linalg.norm(gyro, axis=1)
    sos = butter(2, [0.3, min(15, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, mag)
    flags, freqs, centres = [], [], []
    for s in range(0, n - win + 1, hop):
        seg = x[s:s + win] * np.hanning(win)
        spec = np.abs(np.fft.rfft(seg, 4 * win)) ** 2
        f = np.fft.rfftfreq(4 * win, 1 / fs)
        total = spec[(f >= 0.3) & (f <= 15)].sum()
        band = (f >= 3.5) & (f <= 7)
        k = np.argmax(spec[band])
        fp = f[band][k]
        share = spec[np.abs(f - fp) <= 0.5].sum() / total if total > 0 else 0
        flags.append(share > 0.4)
        freqs.append(fp)
        centres.append((s + win / 2) / fs)
    episodes = []
    i = 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j + 1 < len(flags) and flags[j + 1]:
                j += 1
            if centres[j] - centres[i] >= 3:
                episodes.append((centres[i] - 2.0, centres[j] + 2.0,
                                 float(np.median(freqs[i:j + 1]))))
            i = j + 1
        else:
            i += 1
    return [(float(a), float(b), float(c)) for a, b, c in episodes]
