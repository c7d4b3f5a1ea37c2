"""Blink detection in frontal EEG (Fp1/Fp2).

A blink is a positive deflection at both frontal electrodes that rises within about 0.1 s and
returns to its baseline within about 0.3 s. Vertical gaze shifts also move both electrodes in
the same direction, but as a step that stays until the eyes move back (at least about half a
second later); a high-pass filter turns such a step into a blink-like bump, so none is used.
Horizontal saccades have opposite signs at Fp1 and Fp2 and mostly cancel in their mean; muscle
activity is far above the blink band.

1. Mean of Fp1 and Fp2, zero-phase low-pass at 10 Hz (no high-pass).
2. Noise level: robust spread of the signal minus its 1 s running median.
3. Candidates: local maxima with a prominence of at least 5 noise levels.
4. A candidate is a blink when, within 0.5 s on either side, the signal comes up to the peak and
   goes back down by comparable amounts (each at least 60 % of the other), its width at half of
   that local height is at most 0.45 s (a held gaze is wider), and its height is at least 8
   noise levels and a fifth of the record's large blinks.
"""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt


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
    y = sosfiltfilt(butter(4, min(10.0, 0.4 * fs), fs=fs, output="sos"), v)
    win = int(fs) | 1
    resid = y - median_filter(y, size=win, mode="nearest")
    sigma = 1.4826 * np.median(np.abs(resid - np.median(resid)))
    sigma = max(sigma, 1e-6)
    peaks, _ = find_peaks(y, prominence=5.0 * sigma, distance=max(1, int(0.2 * fs)))
    reach = int(0.5 * fs)
    cand, heights = [], []
    for p in peaks:
        lo, hi = max(0, p - reach), min(n, p + reach + 1)
        pre, post = y[lo:p + 1].min(), y[p:hi].min()
        rise, fall = y[p] - pre, y[p] - post
        # came up and went back down: both sides at least 60 % of the larger excursion
        if min(rise, fall) < 0.6 * max(rise, fall):
            continue
        # width at half of the local height: a blink is brief, a held gaze is not
        half = y[p] - 0.5 * min(rise, fall)
        above = y[lo:hi] > half
        k = p - lo
        left = k - np.argmin(above[k::-1]) if not above[k::-1].all() else 0
        right = k + np.argmin(above[k:]) if not above[k:].all() else hi - lo
        if (right - left) / fs > 0.45:
            continue
        cand.append(p)
        heights.append(min(rise, fall))
    if not cand:
        return np.zeros(0)
    heights = np.array(heights)
    level = max(8.0 * sigma, 0.2 * np.percentile(heights, 90))
    return np.array([p / fs for p, h in zip(cand, heights) if h >= level], dtype=float)
