"""Eyes-closed detection from occipital EEG by the alpha rhythm standing above its local
spectral background.

Closing the eyes raises the occipital alpha rhythm (at the person's own frequency, 7-13 Hz,
slower when drowsy). Muscle activity from the neck and jaw is broadband and lifts the power of
the alpha band too, so alpha-band power alone calls tense eyes-open stretches "closed". Here
each 2 s window's alpha power is compared with the background interpolated (linear power) from
the frequencies on either side of the person's alpha band; muscle activity raises both and
cancels. The excess is split in two groups per recording (both states occur in every
recording) after a short median smoothing over neighbouring windows.
"""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import welch


def _two_groups(v):
    """Threshold that best splits v into two groups (Otsu on the sorted values)."""
    s = np.sort(v)
    best, thr = -1.0, s[0]
    for k in range(1, s.size):
        a, b = s[:k], s[k:]
        score = a.size * b.size * (b.mean() - a.mean()) ** 2
        if score > best:
            best, thr = score, 0.5 * (s[k - 1] + s[k])
    return thr


def eyes_closed(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("eeg must have shape (n, 2)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    w = int(round(2 * fs))
    m = x.shape[0] // w
    if m == 0:
        return np.zeros(0, dtype=bool)
    segs = x[:m * w].reshape(m, w, 2)
    f, p = welch(segs, fs=fs, nperseg=w, detrend="linear", axis=1)
    p = p.mean(axis=2)  # (m, nf), 0.5 Hz resolution

    def band(lo, hi):
        return p[:, (f >= lo) & (f <= hi)].mean(axis=1)

    # the person's alpha frequency: the peak of the median spectrum over its flanks
    med = np.median(p, axis=0)
    search = np.flatnonzero((f >= 7.0) & (f <= 13.0))
    iaf = f[search[np.argmax(med[search])]]
    # the alpha band, widened down to take in the slower alpha and theta of drowsiness
    lo, hi = iaf - 2.5, iaf + 1.0
    rhythm = band(lo, hi)
    below = band(2.0, 3.0)
    above = band(iaf + 3.0, iaf + 6.0)
    frac = (0.5 * (lo + hi) - 2.5) / (iaf + 4.5 - 2.5)
    excess = rhythm - ((1 - frac) * below + frac * above)
    # a record-wide constant (the typical background) keeps the scale continuous where the
    # excess is nil or negative (eyes open, muscle)
    floor = np.median((1 - frac) * below + frac * above) + 1e-12
    feat = np.log(np.maximum(excess, 0.0) + floor)
    if m >= 5:
        feat = median_filter(feat, size=5, mode="nearest")
    if m < 4:
        return excess > 0
    # the eyes-open windows form a tight group near the floor, the eyes-closed ones a wide one
    # (alpha waxes and wanes): put the boundary nearer the tight group
    split = _two_groups(feat)
    open_level = feat[feat <= split].mean()
    return feat > open_level + 0.5 * (split - open_level)
