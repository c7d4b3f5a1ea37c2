"""Blink detection in frontal EEG (Fp1/Fp2).

A blink is a positive deflection at both frontal electrodes that rises within about 0.1 s and
returns to its baseline within about 0.3 s. Vertical gaze shifts also move both electrodes in
the same direction, but as a step that stays until the eyes move back (at least about half a
second later); a high-pass filter turns such a step into a blink-like bump, so none is used.
Instead the baseline is a running median over 1 s: it follows drift, the slow EEG and every held
gaze step (a median keeps edges), but not a blink, which is much shorter than half the window.
Horizontal saccades have opposite signs at Fp1 and Fp2 and mostly cancel in their mean; muscle
activity is far above the blink band.

1. Mean of Fp1 and Fp2, zero-phase low-pass at 10 Hz; subtract the 1 s running median.
2. Noise level: robust spread of that residual.
3. Candidates: residual peaks at most 0.35 s wide at half height.
4. A gaze edge leaves a small residual next to a large change of the baseline: a candidate is
   rejected when the baseline 0.6 s after it differs from the baseline 0.6 s before it by more
   than 1.5 times the candidate's height.
5. A blink is at least 5 noise levels, at least 25 µV (smaller frontal deflections are not
   blinks), and at least a quarter of the record's large blinks.
"""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt

MIN_BLINK_UV = 25.0


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
    base = median_filter(y, size=int(1.0 * fs) | 1, mode="nearest")
    z = y - base
    sigma = max(1.4826 * np.median(np.abs(z - np.median(z))), 1e-6)
    peaks, _ = find_peaks(z, height=max(4.0 * sigma, 0.5 * MIN_BLINK_UV),
                          distance=max(1, int(0.25 * fs)), width=(None, 0.35 * fs),
                          rel_height=0.5)
    if peaks.size == 0:
        return np.zeros(0)
    a = int(0.6 * fs)
    step = np.abs(base[np.minimum(n - 1, peaks + a)] - base[np.maximum(0, peaks - a)])
    h = z[peaks]
    ok = step < 1.5 * h
    if not ok.any():
        return np.zeros(0)
    big = np.percentile(h[ok], 90)
    keep = ok & (h >= max(5.0 * sigma, MIN_BLINK_UV, 0.25 * big))
    return (peaks[keep] / fs).astype(float)
