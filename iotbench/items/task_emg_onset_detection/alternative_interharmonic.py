"""Different method: no notch and no interference model at all. The EMG envelope is built only
from frequency bands that lie between the mains harmonics (which family, 50 or 60 Hz, is read
from the spectrum) and above the ECG's band, each band wide enough that its filter does not
ring. The resting level is taken from the quietest half-second blocks; a double threshold with
bridging of short gaps gives the bursts."""
import numpy as np
from scipy.signal import butter, sosfiltfilt, welch


def _line_family(x, fs):
    f, p = welch(x, fs=fs, nperseg=int(2 * fs))
    score = {}
    for nominal in (50.0, 60.0):
        s = 0.0
        for h in (1, 2, 3):
            band = np.abs(f - h * nominal) <= 1.0
            ref = (np.abs(f - h * nominal) > 3.0) & (np.abs(f - h * nominal) < 8.0)
            s += np.log(p[band].max() / np.median(p[ref]))
        score[nominal] = s
    return max(score, key=score.get)


def detect_activations(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < int(2 * fs):
        return np.zeros((0, 2))
    x = x - np.median(x)
    top = min(450.0, 0.45 * fs)
    f0 = _line_family(x, fs)
    power = np.zeros_like(x)
    h = 1
    while (h + 1) * f0 - 9.0 <= top + f0:
        lo, hi = h * f0 + 9.0, min((h + 1) * f0 - 9.0, top)
        if hi - lo >= 15.0:
            sos = butter(2, [lo, hi], btype="bandpass", fs=fs, output="sos")
            power += sosfiltfilt(sos, x) ** 2
        h += 1
    win = max(1, int(0.025 * fs))
    env = np.sqrt(np.convolve(power, np.ones(win) / win, mode="same"))
    block = int(0.5 * fs)
    medians = np.sort([np.median(env[i:i + block]) for i in range(0, env.size - block + 1, block)])
    floor = np.mean(medians[:max(1, len(medians) // 5)])
    if floor <= 0:
        return np.zeros((0, 2))
    keep = env > 2.2 * floor
    edges = np.diff(np.r_[0, keep.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bursts = []
    for s, e in zip(starts, ends):
        if env[s:e].max() <= 4.0 * floor:
            continue
        if bursts and s - bursts[-1][1] < 0.15 * fs:
            bursts[-1][1] = e
        else:
            bursts.append([s, e])
    out = [(s / fs, e / fs) for s, e in bursts if e - s >= 0.1 * fs]
    return np.array(out, dtype=float).reshape(-1, 2)
