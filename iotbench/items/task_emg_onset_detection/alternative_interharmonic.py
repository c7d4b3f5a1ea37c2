"""Different method: no notch and no interference model at all. The EMG envelope is built only
from frequency bands that lie between the mains harmonics and above the ECG's band, each band
wide enough that its filter does not ring. Which grid family the record carries (50 or 60 Hz)
is not read from the record's average spectrum (strong contractions bury a weak mains line
there); instead both band plans are built and the one whose resting level, per hertz of
bandwidth, is lower is kept: the wrong plan lets the interference into its bands and raises
the resting floor. The resting level is taken from the quietest half-second blocks; a double
threshold with bridging of short gaps gives the bursts."""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def _band_plan(f0, top):
    """Bands between the harmonics of f0, above the ECG band, up to top."""
    bands = []
    h = 1
    while h * f0 + 9.0 < top:
        lo, hi = h * f0 + 9.0, min((h + 1) * f0 - 9.0, top)
        if hi - lo >= 15.0:
            bands.append((lo, hi))
        h += 1
    return bands


def _envelope(x, fs, bands):
    power = np.zeros_like(x)
    for lo, hi in bands:
        sos = butter(2, [lo, hi], btype="bandpass", fs=fs, output="sos")
        power += sosfiltfilt(sos, x) ** 2
    win = max(1, int(0.025 * fs))
    return np.sqrt(np.convolve(power, np.ones(win) / win, mode="same"))


def _resting_level(env, fs):
    block = int(0.5 * fs)
    medians = np.sort([np.median(env[i:i + block])
                       for i in range(0, env.size - block + 1, block)])
    return float(np.mean(medians[:max(1, len(medians) // 5)]))


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
    best = None
    for f0 in (50.0, 60.0):
        bands = _band_plan(f0, top)
        env = _envelope(x, fs, bands)
        floor = _resting_level(env, fs)
        density = floor / np.sqrt(sum(hi - lo for lo, hi in bands))
        if best is None or density < best[0]:
            best = (density, env, floor)
    _, env, floor = best
    if floor <= 0:
        return np.zeros((0, 2))
    keep = env > 2.2 * floor
    edges = np.diff(np.r_[0, keep.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bursts = []
    for s, e in zip(starts, ends):
        if env[s:e].max() <= 3.0 * floor:
            continue
        if bursts and s - bursts[-1][1] < 0.15 * fs:
            bursts[-1][1] = e
        else:
            bursts.append([s, e])
    out = [(s / fs, e / fs) for s, e in bursts if e - s >= 0.1 * fs]
    return np.array(out, dtype=float).reshape(-1, 2)
