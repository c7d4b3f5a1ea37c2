"""Alpha peak frequency as the median of per-epoch estimates.

The record is cut into 6 s epochs; epochs with a large range or steep slope (pops, movements)
are rejected against the record's median. In each kept epoch the Hann-windowed, zero-padded
spectrum is smoothed over 0.3 Hz, the 1/f background is removed by a straight line in log power
against log frequency (2-40 Hz) refitted to its lowest 40 % of points, and the highest true
peak (the highest point within +-0.8 Hz, so a ripple on the flank of a theta peak does not
count) between 7 and 13.5 Hz is that epoch's estimate (refined by a parabola through the log
spectrum). The answer is the median over epochs weighted by how clearly each epoch's peak
stands out (its prominence above the higher of the two valleys around it, in log power), so
artefacts and theta bursts in a few epochs do not move it, and epochs where the waning alpha
rhythm is absent count little. (Weighting by the peak's power instead lets the one or two epochs
with the largest alpha burst decide alone: the rhythm's envelope varies several-fold.)
"""
import numpy as np


def alpha_peak_frequency(eeg, fs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 1:
        raise ValueError("eeg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("the recording must last at least 20 s")
    seg = int(round(6 * fs))
    n_ep = x.size // seg
    if n_ep < 2:
        seg = int(round(4 * fs))
        n_ep = x.size // seg
    ep = x[:n_ep * seg].reshape(n_ep, seg)
    t = np.arange(seg) - (seg - 1) / 2
    ep = ep - ep.mean(axis=1, keepdims=True)
    ep = ep - np.outer(ep @ t / (t @ t), t)
    spread = np.ptp(ep, axis=1)
    keep = spread < 2.0 * np.median(spread)
    ep = ep[keep] if keep.sum() >= 2 else ep
    nfft = 4 * seg
    spec = np.abs(np.fft.rfft(ep * np.hanning(seg), nfft, axis=1)) ** 2
    f = np.fft.rfftfreq(nfft, 1 / fs)
    df = f[1]
    k = max(1, int(round(0.3 / df)))
    spec = np.apply_along_axis(lambda s: np.convolve(s, np.ones(k) / k, "same"), 1, spec)
    logs = np.log10(spec + 1e-12)
    lf = np.log10(np.maximum(f, df))
    fit = (f >= 2) & (f <= 40)
    band = np.flatnonzero((f >= 3.0) & (f <= 20.0))
    inner = band[1:-1]
    w = max(1, int(round(0.8 / df)))
    ests, weights = [], []
    for row in logs:
        # background line under the rhythms: drop the points above it and refit
        use = fit.copy()
        for _ in range(5):
            coef = np.polyfit(lf[use], row[use], 1)
            resid = row - np.polyval(coef, lf)
            use = fit & (resid <= np.quantile(resid[use], 0.4))
        flat = row - np.polyval(coef, lf)
        pk = inner[(flat[inner] >= flat[inner - 1]) & (flat[inner] > flat[inner + 1])]
        # a peak is the highest point within +-0.8 Hz: a ripple on the flank of theta is not
        pk = pk[[flat[i] >= flat[max(0, i - w):i + w + 1].max() for i in pk]]
        pk = pk[(f[pk] >= 7.0) & (f[pk] <= 13.5)]
        if pk.size == 0:
            continue
        i = pk[np.argmax(flat[pk])]
        a, b, c = flat[i - 1], flat[i], flat[i + 1]
        den = a - 2 * b + c
        shift = 0.5 * (a - c) / den if den < 0 else 0.0
        ests.append(f[i] + shift * df)
        # prominence: height above the higher of the two valleys within +-1.6 Hz
        left = flat[max(0, i - 2 * w):i + 1].min()
        right = flat[i:i + 2 * w + 1].min()
        weights.append(max(flat[i] - max(left, right), 1e-6))
    if not ests:
        return float("nan")
    order = np.argsort(ests)
    ests, weights = np.asarray(ests)[order], np.asarray(weights)[order]
    cum = np.cumsum(weights)
    return float(ests[np.searchsorted(cum, cum[-1] / 2)])
