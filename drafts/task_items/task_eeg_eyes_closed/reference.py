"""Eyes-closed detection from occipital EEG by the alpha peak above the local background.

Closing the eyes raises the occipital alpha rhythm (individual frequency 7-13 Hz, lower when
drowsy). Absolute alpha power varies several-fold between people and rises during muscle
activity (its broadband spectrum reaches into the alpha band); relative alpha (alpha / total)
falls during muscle activity. Both mislead. Instead each window's spectrum is compared with its
own 1/f background, fitted on either side of the alpha band, so broadband muscle activity and
gain cancel; the alpha excess is then split into two groups per recording (both states occur in
every recording), and the decision is smoothed over neighbouring windows since the eyes stay
open or closed for several seconds.
"""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import welch


def _residual_spectra(x, fs, w, m):
    """Per-window log power spectrum minus its own 1/f background fit: (freqs, (m, nf))."""
    segs = x[:m * w].reshape(m, w, x.shape[1])
    f, p = welch(segs, fs=fs, nperseg=int(fs), noverlap=int(fs) // 2, detrend="linear", axis=1)
    lp = np.log(np.maximum(p.mean(axis=2), 1e-30))
    lf = np.log(np.maximum(f, 1e-9))
    flank = ((f >= 2.0) & (f <= 4.0)) | ((f >= 15.0) & (f <= 25.0))
    design = np.column_stack([lf[flank], np.ones(flank.sum())])
    coef, *_ = np.linalg.lstsq(design, lp[:, flank].T, rcond=None)
    fit = np.outer(coef[0], lf) + coef[1][:, None]
    return f, lp - fit


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
    f, resid = _residual_spectra(x, fs, w, m)
    # the person's alpha frequency: the peak of the average excess over the recording
    search = (f >= 6.5) & (f <= 13.5)
    iaf = f[search][np.argmax(resid[:, search].mean(axis=0))]
    band = (f >= iaf - 2.0) & (f <= iaf + 1.5)
    feat = resid[:, band].mean(axis=1)
    if m < 3:
        return feat > 1.0
    smooth = median_filter(feat, size=3, mode="nearest")
    closed = smooth > _two_groups(smooth)
    return median_filter(closed.astype(int), size=5, mode="nearest").astype(bool)
