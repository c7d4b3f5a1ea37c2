import numpy as np


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
    flags, freqs, centres = [], [], []
    for s in range(0, n - win + 1, hop):
        # per-axis spectra of the angular rate, summed (orientation independent)
        seg = gyro[s:s + win] - gyro[s:s + win].mean(axis=0)
        spec = (np.abs(np.fft.rfft(seg * np.hanning(win)[:, None], 4 * win, axis=0)) ** 2)
        spec = spec.sum(axis=1)
        f = np.fft.rfftfreq(4 * win, 1 / fs)
        total = spec[(f >= 0.5) & (f <= 15)].sum()
        band = (f >= 3.5) & (f <= 7.0)
        ratio = spec[band].sum() / total if total > 0 else 0.0
        flags.append(ratio > 0.4)
        freqs.append(f[band][np.argmax(spec[band])])
        centres.append((s + win / 2) / fs)
    episodes = []
    i = 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j + 1 < len(flags) and flags[j + 1]:
                j += 1
            if centres[j] - centres[i] >= 3.0:
                episodes.append((centres[i], centres[j], float(np.median(freqs[i:j + 1]))))
            i = j + 1
        else:
            i += 1
    return [(float(a), float(b), float(c)) for a, b, c in episodes]
