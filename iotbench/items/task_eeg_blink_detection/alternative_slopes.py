"""Different method: a blink is a rising edge followed closely by a falling edge.

The slope of the Fp1/Fp2 mean shows a blink as a positive slope peak followed within about
0.35 s by a negative slope peak (the lid closes, then opens). A vertical gaze shift has a single
edge (the return comes only after the gaze is held), a horizontal saccade cancels in the mean.
The slope is a smoothed derivative (derivative of a Gaussian of 30 ms, about the blink's fastest
rise): it keeps the blink's edges and drops the slope of the faster EEG, muscle activity and
mains. Each positive slope peak above 3 robust SDs of the slope is a candidate (the candidate
stage only needs to keep every real blink edge; the decision is the pairing and the height),
paired with the deepest negative slope within 0.05-0.35 s after it; the pair is a blink when
the falling slope is at least a quarter of the rising one and the 8 Hz low-passed signal between
them rises clearly above both ends' surroundings. The blink time is that signal's maximum
between the two edges.
"""
import numpy as np
from scipy.ndimage import gaussian_filter1d, median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt

MIN_BLINK_UV = 20.0
EDGE_S = 0.03  # smoothing of the derivative (s)


def detect_blinks(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = x.shape[0]
    if n < int(fs):
        return np.zeros(0)
    v = x.mean(axis=1)
    v = v - np.median(v)
    y = sosfiltfilt(butter(3, min(8.0, 0.4 * fs), fs=fs, output="sos"), v)
    d = gaussian_filter1d(v, EDGE_S * fs, order=1, mode="nearest") * fs  # µV/s
    mad = 1.4826 * np.median(np.abs(d - np.median(d)))
    rising, _ = find_peaks(d, height=3.0 * mad, distance=max(1, int(0.15 * fs)))
    out = []
    amps = []
    last_end = -1
    for p in rising:
        if p <= last_end:
            continue
        lo, hi = p + int(0.05 * fs), min(n, p + int(0.35 * fs))
        if hi <= lo:
            continue
        q = lo + int(np.argmin(d[lo:hi]))
        if -d[q] < 0.25 * d[p]:
            continue
        top = p + int(np.argmax(y[p:q + 1]))
        base = max(y[max(0, p - int(0.15 * fs))], y[min(n - 1, q + int(0.15 * fs))])
        amp = y[top] - base
        if amp <= 0:
            continue
        out.append(top)
        amps.append(amp)
        last_end = q
    if not out:
        return np.zeros(0)
    amps = np.array(amps)
    resid = y - median_filter(y, size=int(fs) | 1, mode="nearest")
    noise = 1.4826 * np.median(np.abs(resid - np.median(resid)))
    # a frontal blink is at least a few tens of µV, whoever blinks
    keep = amps >= max(5.0 * noise, MIN_BLINK_UV, 0.2 * np.percentile(amps, 90))
    times = np.array(out)[keep] / fs
    return np.unique(times).astype(float)
