"""A careful answer for crystal clocks (this item's version 1 reference): band-passed magnitude on
100 Hz grids, a coarse offset from one cross-correlation of the vibration envelopes over the
whole recording, fine lags by band-limited GCC-PHAT in 20 s windows within +-1 s of that
offset, and a RANSAC line through the reliable windows with the drift limited to 2000 ppm. It
assumes the clocks differ by a few hundred ppm at most, so it misses what a cheap logger's RC
clock (up to 2 %) does: the lag changes by seconds over the session, the recording is stretched
(the envelope correlation smears, 20 s windows decorrelate) and the drift leaves the range it
allows."""
import numpy as np
from scipy.signal import butter, fftconvolve, sosfiltfilt

GRID_HZ = 100.0
WIN_S = 20.0
SEARCH_S = 1.0


def _check(t, acc, name):
    t = np.asarray(t, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if t.ndim != 1 or acc.ndim != 2 or acc.shape != (len(t), 3):
        raise ValueError(f"{name}: timestamps must be 1-D and samples (n, 3) of the same length")
    if len(t) < 2 or np.any(np.diff(t) <= 0):
        raise ValueError(f"{name}: timestamps must be strictly increasing")
    return t, acc


def _on_grid(t, acc):
    """Band-passed vibration magnitude on a uniform GRID_HZ grid of the logger's own clock."""
    mag = np.linalg.norm(acc, axis=1)
    mag = mag - np.median(mag)
    dt = np.median(np.diff(t))
    fs = 1.0 / dt
    own = t[0] + np.arange(int((t[-1] - t[0]) * fs) + 1) / fs
    x = np.interp(own, t, mag)
    # samples missing from the stream: no information there
    idx = np.searchsorted(t, own)
    idx = np.clip(idx, 1, len(t) - 1)
    x[(t[idx] - t[idx - 1]) > 2.5 * dt] = 0.0
    lost = ((t[idx] - t[idx - 1]) > 2.5 * dt).astype(float)
    sos = butter(3, [2.0, min(20.0, 0.4 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, x)
    grid = t[0] + np.arange(int((t[-1] - t[0]) * GRID_HZ)) / GRID_HZ
    return grid, np.interp(grid, own, x), np.interp(grid, own, lost) > 0


def _envelope(x, lost, every):
    """Log vibration energy (0.2 s) at GRID_HZ / every, with slow level changes removed, so
    that individual events (potholes, gear changes) dominate the correlation. Stretches of lost
    samples (and their surroundings) carry no information and are set to zero."""
    k = int(0.2 * GRID_HZ)
    box = np.ones(k) / k
    energy = np.convolve(x * x, box, mode="same")
    bad = np.convolve(lost.astype(float), np.ones(3 * k), mode="same")[::every] > 0
    env = np.log(energy[::every] + 1e-3 * np.median(energy) + 1e-12)
    slow = int(10 * GRID_HZ / every)
    env = env - np.convolve(env, np.ones(slow) / slow, mode="same")
    env[bad] = 0.0
    return env - env[~bad].mean() * (~bad)


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    t_a, acc_a = _check(t_a, acc_a, "logger A")
    t_b, acc_b = _check(t_b, acc_b, "logger B")
    ga, xa, lost_a = _on_grid(t_a, acc_a)
    gb, xb, lost_b = _on_grid(t_b, acc_b)
    # coarse: envelope cross-correlation at 10 Hz over all lags
    every = int(GRID_HZ / 10)
    ea, eb = _envelope(xa, lost_a, every), _envelope(xb, lost_b, every)
    corr = fftconvolve(ea, eb[::-1], mode="full")
    j = int(np.argmax(corr)) - (len(eb) - 1)       # ea[i + j] ~ eb[i]
    coarse = ga[0] + j * every / GRID_HZ - gb[0]    # tau_a ~ tau_b + coarse
    # fine: whitened cross-correlation in windows
    w = int(WIN_S * GRID_HZ)
    m = int(SEARCH_S * GRID_HZ)
    centres, lags, quality = [], [], []
    n = 1 << int(np.ceil(np.log2(3 * w + 2 * m)))
    freq = np.fft.rfftfreq(n, 1 / GRID_HZ)
    band = (freq >= 2.0) & (freq <= 18.0)
    for s in range(0, len(xb) - w, w):
        seg_b = xb[s:s + w]
        start_a = int(round((gb[s] + coarse - ga[0]) * GRID_HZ)) - m
        if start_a < 0 or start_a + w + 2 * m > len(xa):
            continue
        seg_a = xa[start_a:start_a + w + 2 * m]
        fa = np.fft.rfft(seg_a, n)
        fb = np.fft.rfft(seg_b, n)
        cross = fa * np.conj(fb)
        cross /= np.abs(cross) + 1e-12 * np.abs(cross).max()
        # only the shared vibration band: above it the grid holds interpolation images
        # (locked to each logger's sampling instants), below it drift of the offsets
        cross[~band] = 0.0
        cc = np.fft.irfft(cross, n)[:2 * m + 1]
        k = int(np.argmax(cc))
        if k in (0, 2 * m):      # the peak lies at the edge of the search: no real match
            continue
        if 0 < k < 2 * m:
            den = cc[k - 1] - 2 * cc[k] + cc[k + 1]
            frac = 0.5 * (cc[k - 1] - cc[k + 1]) / den if den < 0 else 0.0
        else:
            frac = 0.0
        side = np.delete(cc, np.arange(max(0, k - 5), min(len(cc), k + 6)))
        quality.append(cc[k] / (np.std(side) + 1e-12))
        lags.append(ga[start_a] - gb[s] + (k + frac) / GRID_HZ)
        centres.append(gb[s] + WIN_S / 2)
    centres, lags, quality = map(np.asarray, (centres, lags, quality))
    good = quality > 8.0
    if good.sum() < 3:
        good = quality >= np.sort(quality)[-3:][0]
    c, l = centres[good], lags[good]
    # robust straight line: the line through two windows that most windows agree with (within
    # 3 ms), refitted by least squares on those windows
    best, best_count = None, -1
    for i in range(len(c)):
        for j in range(i + 1, len(c)):
            if c[j] - c[i] < 60:
                continue
            slope = (l[j] - l[i]) / (c[j] - c[i])
            if abs(slope) > 2e-3:            # no clock is off by more than 2000 ppm
                continue
            count = int(np.sum(np.abs(l - (l[i] + slope * (c - c[i]))) <= 0.003))
            if count > best_count:
                best, best_count = (i, j), count
    if best is None:
        return float(np.median(l - 0 * c)), 0.0
    i, j = best
    slope = (l[j] - l[i]) / (c[j] - c[i])
    inl = np.abs(l - (l[i] + slope * (c - c[i]))) <= 0.003
    slope, intercept = np.polyfit(c[inl], l[inl], 1)
    return float(intercept), float(slope * 1e6)
