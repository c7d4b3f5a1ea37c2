"""Individual alpha peak frequency from eyes-closed occipital EEG.

4 s epochs (offset and drift removed) whose peak-to-peak range is far above the record's median
(pops, movements) are rejected; the spectrum is the mean over the kept epochs of Hann-windowed
periodograms zero-padded to 0.03 Hz bins (the artefacts are gone with their epochs, and a mean
of many epochs is the steadiest estimate of a weak, broad alpha peak). The 1/f background is
removed with a straight line fitted under the peaks (log power against log frequency, 2-40 Hz,
refitted to the points below it). The alpha peak is chosen as the highest true local maximum of
what is left (smoothed over 0.6 Hz, the scale of an alpha peak) between 7.5 and 13.5 Hz: a band
edge, a ripple on the skirt of a theta rhythm below 7.5 Hz or the shoulder of a theta peak is
not an alpha peak. Its frequency is the centre of the peak's upper half, not its highest point:
a weak, broad alpha peak is flat-topped, so where exactly its top lies is decided by the
background's random ripple. The upper half is the part above the midpoint between the top and
the higher of the two valleys within 2 Hz either side (so it stops at the valley towards a theta
peak or a second alpha component), and its centre is the vertex of a parabola fitted to it.
"""

import numpy as np
from scipy.signal import welch


def _floor_fit(f, psd):
    """Straight line (log power vs log frequency) under the spectrum's peaks over 2-40 Hz:
    refitted to the points at or below the previous fit, so rhythms (theta, alpha, beta) do not
    lift it."""
    sel = (f >= 2) & (f <= 40)
    lf, lp = np.log10(f[sel]), np.log10(psd[sel])
    keep = np.ones(lf.size, bool)
    for _ in range(6):
        coef = np.polyfit(lf[keep], lp[keep], 1)
        resid = lp - np.polyval(coef, lf)
        keep = resid <= np.median(resid[keep])
    return coef


def alpha_peak_frequency(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("the recording must last at least 20 s")
    seg = int(round(4 * fs))
    # artefact rejection: 4 s epochs whose range or high-frequency power is far from typical
    n_ep = x.size // seg
    ep = x[: n_ep * seg].reshape(n_ep, seg)
    ep = ep - ep.mean(axis=1, keepdims=True)
    t = np.arange(seg)
    slope = ((t - t.mean()) @ ep.T) / ((t - t.mean()) @ (t - t.mean()))
    ep = ep - slope[:, None] * (t - t.mean())
    rng_ = np.ptp(ep, axis=1)
    med = np.median(rng_)
    good = ep[rng_ < 2.5 * med]
    if good.shape[0] < 3:
        good = ep
    f, p = welch(good, fs=fs, window="hann", nperseg=seg, nfft=8 * seg, axis=1, detrend="linear")
    psd = p.mean(axis=0)
    # remove the 1/f background: line in log-log over 2-35 Hz outside 6.5-14 Hz
    coef = _floor_fit(f, psd)
    flat = np.log10(psd) - np.polyval(coef, np.log10(np.maximum(f, 1e-6)))
    # peaks of the flattened spectrum (smoothed over 0.6 Hz) anywhere in 3-20 Hz; the alpha peak
    # is the highest of those lying in 7-13.5 Hz (the shoulder of a theta peak is no peak)
    k = max(1, int(round(0.6 / f[1])))
    flat = np.convolve(flat, np.ones(k) / k, mode="same")
    idx = np.flatnonzero((f >= 3.0) & (f <= 20.0))
    inner = idx[1:-1]
    w = max(1, int(round(0.6 / f[1])))  # a peak is the highest point within +-0.6 Hz
    peaks = inner[(flat[inner] >= flat[inner - 1]) & (flat[inner] > flat[inner + 1])]
    peaks = peaks[[flat[i] >= flat[max(0, i - w) : i + w + 1].max() for i in peaks]]
    peaks = peaks[(f[peaks] >= 7.5) & (f[peaks] <= 13.5)]
    if peaks.size == 0:
        # the alpha peak sits on the flank of a stronger theta peak: take the most concave
        # point of the alpha range (a bump on a slope)
        band = np.flatnonzero((f >= 7.5) & (f <= 13.5))
        k2 = max(1, int(round(0.8 / f[1])))
        curv = flat[band + k2] - 2 * flat[band] + flat[band - k2]
        return float(f[band[np.argmin(curv)]])
    i = peaks[np.argmax(flat[peaks])]
    # centre of the peak's upper half: above the midpoint between the top and the higher of the
    # lowest points within 2 Hz either side (the valleys towards theta or a split component)
    lim = int(round(2.0 / f[1]))
    base = max(flat[max(0, i - lim) : i + 1].min(), flat[i : i + lim + 1].min())
    level = 0.5 * (flat[i] + base)
    lo = i
    while lo > 0 and flat[lo - 1] >= level:
        lo -= 1
    hi = i
    while hi < flat.size - 2 and flat[hi + 1] >= level:
        hi += 1
    if hi - lo < 2:
        return float(f[i])
    c = np.polyfit(f[lo : hi + 1] - f[i], flat[lo : hi + 1], 2)
    if c[0] >= 0:
        return float(f[i])
    return float(np.clip(f[i] - c[1] / (2 * c[0]), f[lo], f[hi]))
