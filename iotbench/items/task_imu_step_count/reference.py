"""Step counting from a wrist accelerometer: orientation-free magnitude, band-pass to walking
rates, peak picking with a refractory period and an adaptive threshold, then only bouts of
regular steps count (isolated peaks from gestures or bumps do not)."""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

MIN_BOUT_STEPS = 8  # pedometers ignore fewer consecutive regular steps
MAX_CADENCE_HZ = 4.0


def count_steps(acc, fs):
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("acc must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if acc.shape[0] < 3 * fs:
        return 0
    magnitude = np.linalg.norm(acc, axis=1)  # does not depend on how the band is worn
    high = min(MAX_CADENCE_HZ, 0.45 * fs)
    sos = butter(2, [0.6, high], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, magnitude - magnitude.mean())
    # local activity level: RMS over a 2 s window
    win = max(1, int(2 * fs))
    rms = np.sqrt(np.convolve(x * x, np.ones(win) / win, mode="same"))
    peaks, _ = find_peaks(x, distance=max(1, int(fs / MAX_CADENCE_HZ)),
                          prominence=0.04)
    peaks = peaks[x[peaks] > np.maximum(0.6 * rms[peaks], 0.03)]
    return int(_regular_bouts(peaks / fs))


def _regular_bouts(times):
    """Number of steps in runs of at least MIN_BOUT_STEPS peaks with steady intervals."""
    total, run = 0, 1
    for k in range(1, len(times)):
        gap = times[k] - times[k - 1]
        prev = times[k - 1] - times[k - 2] if k >= 2 else gap
        if 0.2 <= gap <= 1.2 and 0.7 <= gap / prev <= 1.4:
            run += 1
        else:
            total += run if run >= MIN_BOUT_STEPS else 0
            run = 1
    total += run if run >= MIN_BOUT_STEPS else 0
    return total
