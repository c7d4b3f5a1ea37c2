"""Eyes-closed detection with a time-domain filter bank and a hidden two-state model.

The person's alpha frequency comes from the whole recording's spectrum. Band-pass filters then
give, per 2 s window, the power in the alpha band and in two neighbouring bands (below and
above); their interpolation estimates the broadband part (muscle activity, 1/f background) under
the alpha band, and the excess above it is the alpha rhythm. Windows are labelled by a two-state
Viterbi pass (eyes stay open or closed for several seconds) over Gaussian state models fitted to
the log excess by k-means."""
import numpy as np
from scipy.signal import butter, sosfiltfilt, welch


def _band_power(x, fs, lo, hi, w, m):
    sos = butter(4, [lo, hi], btype="bandpass", fs=fs, output="sos")
    y = sosfiltfilt(sos, x, axis=0)
    return (y[:m * w] ** 2).reshape(m, w, -1).mean(axis=(1, 2)) / (hi - lo)


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
    x = x - np.median(x, axis=0)
    # a robust clip of electrode pops before filtering (they would ring in every band)
    hp = sosfiltfilt(butter(2, 1.0, btype="highpass", fs=fs, output="sos"), x, axis=0)
    mad = np.median(np.abs(hp), axis=0) + 1e-9
    hp = np.clip(hp, -12 * mad, 12 * mad)
    f, p = welch(hp, fs=fs, nperseg=int(4 * fs), axis=0)
    p = p.mean(axis=1)
    sel = (f >= 7.0) & (f <= 13.0)
    trend = np.polyval(np.polyfit(np.log(f[(f >= 2) & (f <= 30)]),
                                  np.log(p[(f >= 2) & (f <= 30)]), 1), np.log(f[sel]))
    iaf = f[sel][np.argmax(np.log(p[sel]) - trend)]
    a = _band_power(hp, fs, iaf - 2.5, iaf + 1.0, w, m)
    lo = _band_power(hp, fs, 1.5, 3.0, w, m)
    hi = _band_power(hp, fs, iaf + 3.0, iaf + 6.0, w, m)
    centre = iaf - 0.75
    frac = (centre - 2.25) / (iaf + 4.5 - 2.25)
    background = (1 - frac) * lo + frac * hi
    v = np.log(np.maximum(a - background, 0.0) + np.median(background))
    if m < 4:
        return a - background > 0
    # two clusters (k-means in one dimension)
    c = np.percentile(v, [20, 80]).astype(float)
    for _ in range(50):
        lab = np.abs(v - c[0]) > np.abs(v - c[1])
        if lab.all() or not lab.any():
            break
        c = np.array([v[~lab].mean(), v[lab].mean()])
    if lab.all() or not lab.any():
        return lab
    sd = np.array([v[~lab].std(), v[lab].std()]) + 1e-6
    # Viterbi over two states, switching costs a state change every ~10 windows
    loglik = -0.5 * ((v[:, None] - c[None, :]) / sd[None, :]) ** 2 - np.log(sd)[None, :]
    stay, move = np.log(0.9), np.log(0.1)
    score = loglik[0].copy()
    back = np.zeros((m, 2), dtype=int)
    for k in range(1, m):
        cand = score[:, None] + np.array([[stay, move], [move, stay]])
        back[k] = np.argmax(cand, axis=0)
        score = cand[back[k], [0, 1]] + loglik[k]
    state = np.zeros(m, dtype=int)
    state[-1] = int(np.argmax(score))
    for k in range(m - 1, 0, -1):
        state[k - 1] = back[k, state[k]]
    return state.astype(bool)
