import numpy as np
from scipy.signal import butter, sosfiltfilt


def detect_tremor(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    win = int(4 * fs)
    if n < win:
        return []
    # tremor band of the acceleration magnitude (orientation independent)
    mag = np.linalg.norm(acc, axis=1)
    sos = butter(4, [4.0, 6.0], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, mag - mag.mean())
    k = int(1 * fs)
    rms = np.sqrt(np.convolve(x * x, np.ones(k) / k, mode="same"))
    active = rms > 0.01
    episodes = []
    i = 0
    while i < n:
        if active[i]:
            j = i
            while j < n and active[j]:
                j += 1
            if j - i >= 3 * fs:
                seg = x[i:j]
                spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg)))) ** 2
                f = np.fft.rfftfreq(len(seg), 1 / fs)
                episodes.append((i / fs, j / fs, float(f[np.argmax(spec)])))
            i = j
        else:
            i += 1
    return episodes
