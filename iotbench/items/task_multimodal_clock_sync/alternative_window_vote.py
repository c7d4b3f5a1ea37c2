"""Alternative: no envelopes and no whitening. The band-passed vibration magnitudes of both
loggers are put on 100 Hz grids of their own clocks. Coarse offset by voting: the most
energetic 30 s windows of B are each located in the whole of A by normalised
cross-correlation, and the offsets they agree on (the mode) win. Fine: every 30 s window of B
is located within +-0.5 s of the coarse mapping; windows whose normalised correlation is weak
(parked, idling, lost samples) are dropped; offset and drift come from a Theil-Sen line (median
of pairwise slopes) through the window lags, refitted on the windows that agree with it."""
import numpy as np
from scipy.signal import butter, fftconvolve, sosfiltfilt

HZ = 100.0
WIN_S = 30.0


def _check(t, acc, name):
    t = np.asarray(t, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if t.ndim != 1 or acc.ndim != 2 or acc.shape != (len(t), 3):
        raise ValueError(f"{name}: timestamps must be 1-D and samples (n, 3) of the same length")
    if len(t) < 2 or np.any(np.diff(t) <= 0):
        raise ValueError(f"{name}: timestamps must be strictly increasing")
    return t, acc


def _prepare(t, acc):
    dt = float(np.median(np.diff(t)))
    fs = 1.0 / dt
    mag = np.linalg.norm(acc, axis=1)
    own = np.arange(t[0], t[-1], dt)
    x = np.interp(own, t, mag - np.median(mag))
    idx = np.clip(np.searchsorted(t, own), 1, len(t) - 1)
    x[(t[idx] - t[idx - 1]) > 2.5 * dt] = 0.0          # lost samples carry nothing
    x = sosfiltfilt(butter(3, [2.0, min(20.0, 0.4 * fs)], btype="bandpass", fs=fs,
                           output="sos"), x)
    grid = np.arange(t[0], t[-1], 1.0 / HZ)
    # band-limit again on the common grid (interpolation leaves images of the samples)
    xg = sosfiltfilt(butter(4, [2.0, 18.0], btype="bandpass", fs=HZ, output="sos"),
                     np.interp(grid, own, x))
    return grid, xg


def _ncc(a, b):
    """Normalised cross-correlation of template b at every position inside a."""
    c = fftconvolve(a, b[::-1], mode="valid")
    e = np.sqrt(np.convolve(a * a, np.ones(len(b)), mode="valid"))
    return c / (e * np.linalg.norm(b) + 1e-12)


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    t_a, acc_a = _check(t_a, acc_a, "logger A")
    t_b, acc_b = _check(t_b, acc_b, "logger B")
    ga, xa = _prepare(t_a, acc_a)
    gb, xb = _prepare(t_b, acc_b)
    w = int(WIN_S * HZ)
    starts = np.arange(0, len(xb) - w, w)
    energy = np.array([np.sum(xb[s:s + w] ** 2) for s in starts])
    # coarse: the strongest windows vote for an offset (0.1 s bins)
    votes = []
    for s in starts[np.argsort(energy)[::-1][:6]]:
        c = _ncc(xa, xb[s:s + w])
        k = int(np.argmax(c))
        votes.append(ga[k] - gb[s])
    votes = np.round(np.array(votes), 1)
    vals, counts = np.unique(votes, return_counts=True)
    coarse = float(np.median(votes[np.abs(votes - vals[np.argmax(counts)]) <= 0.3]))
    # fine: every window within +-0.5 s of the coarse mapping
    m = int(0.5 * HZ)
    centres, lags, score = [], [], []
    for s in starts:
        a0 = int(round((gb[s] + coarse - ga[0]) * HZ)) - m
        if a0 < 0 or a0 + w + 2 * m > len(xa):
            continue
        c = _ncc(xa[a0:a0 + w + 2 * m], xb[s:s + w])
        k = int(np.argmax(c))
        frac = 0.0
        if 0 < k < len(c) - 1:
            den = c[k - 1] - 2 * c[k] + c[k + 1]
            frac = 0.5 * (c[k - 1] - c[k + 1]) / den if den < 0 else 0.0
        centres.append(gb[s] + WIN_S / 2)
        lags.append(ga[a0] + (k + frac) / HZ - gb[s])
        score.append(c[k])
    centres, lags, score = map(np.asarray, (centres, lags, score))
    good = score > 0.5
    if good.sum() < 3:
        good = score >= np.sort(score)[-min(3, len(score))]
    c, lg = centres[good], lags[good]
    if len(c) < 2:
        return coarse, 0.0
    i, j = np.triu_indices(len(c), 1)
    far = (c[j] - c[i]) > 60
    slope = float(np.median((lg[j] - lg[i])[far] / (c[j] - c[i])[far])) if far.any() else 0.0
    intercept = float(np.median(lg - slope * c))
    inl = np.abs(lg - (intercept + slope * c)) <= 0.004
    if inl.sum() >= 3:
        slope, intercept = np.polyfit(c[inl], lg[inl], 1)
    return float(intercept), float(slope * 1e6)
