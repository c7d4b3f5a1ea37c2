"""Clock offset and drift between two vibration loggers on the same vehicle.

Both loggers see the same frame vibration, through different mounts and in different
orientations, sampled by different clocks. The acceleration magnitude (gravity plus the
vibration along the vertical) is orientation free. Each stream is put on a uniform grid of its
own clock (dropped packets filled with zeros) and band-passed to the shared band.

A cheap logger's clock (the microcontroller's RC oscillator) can be off by up to 2 %: over a
20 min session the lag between the clocks then changes by up to half a minute, and one
recording is a time-stretched copy of the other. A single cross-correlation cannot find the
offset (the stretch smears it) and short windows decorrelate. So the coarse mapping comes from
a search over clock rate and offset together: B's vibration envelope is stretched by each
candidate rate ratio and cross-correlated with A's over all lags (a wideband ambiguity
function). B is then resampled onto A's time scale with that coarse mapping, the residual lag
is measured precisely in many short windows (whitened cross-correlation, sub-sample peak), and
a straight line is fitted robustly through the reliable windows: windows while parked or idling
(noise, periodic engine vibration) give weak or ambiguous peaks and are discarded."""

import numpy as np
from scipy.signal import butter, sosfiltfilt

GRID_HZ = 100.0
WIN_S = 20.0
SEARCH_S = 1.0
MAX_RATE = 0.042  # two cheap RC clocks, each off by up to 2 %, either way
RATE_STEP = 1e-4


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
    samples (and their surroundings) carry no information and are set to zero. The slow level
    is a running mean over the valid samples only: a mean padded with zeros beyond the ends of
    the recording would leave a deep ramp at both ends of every envelope, and the ends of two
    independent recordings (each logger switched on and off at its own moment) would then
    correlate with each other."""
    k = int(0.2 * GRID_HZ)
    box = np.ones(k) / k
    energy = np.convolve(x * x, box, mode="same")
    bad = np.convolve(lost.astype(float), np.ones(3 * k), mode="same")[::every] > 0
    bad[: 3 * k // every] = True  # the energy window reaches past the recording there
    bad[-(3 * k // every) :] = True
    env = np.log(energy[::every] + 1e-3 * np.median(energy) + 1e-12)
    good = (~bad).astype(float)
    slow = int(10 * GRID_HZ / every)
    kern = np.ones(slow)
    level = np.convolve(env * good, kern, mode="same") / np.maximum(
        np.convolve(good, kern, mode="same"), 1.0
    )
    env = (env - level) * good
    return env - env[~bad].mean() * good


def _scan(ga, ea, gb, eb, step_s, rates):
    """For each candidate rate ratio - 1: the best offset and its correlation, stretching B's
    envelope by the candidate and cross-correlating it with A's over all lags."""
    n = 1 << int(np.ceil(np.log2(2 * max(len(ea), len(eb)) + 2)))
    fa = np.fft.rfft(ea, n)
    span = gb[-1] - gb[0]
    out = []
    for s in rates:
        # B's envelope on a uniform grid of (approximately) A's time
        u = gb[0] * (1 + s) + np.arange(int(span * (1 + s) / step_s)) * step_s
        ebs = np.interp(u, gb * (1 + s), eb)
        cc = np.fft.irfft(fa * np.conj(np.fft.rfft(ebs, n)), n)
        j = int(np.argmax(cc))
        lag = j if j < n // 2 else j - n  # ea[i + lag] ~ ebs[i]
        out.append((cc[j], s, ga[0] + lag * step_s - u[0]))
    return out


def _coarse(ga, ea, gb, eb, step_s):
    """Coarse (rate ratio - 1, offset): a scan over the whole rate range in steps of 250 ppm
    (at most ~0.15 s of stretch over a 20 min recording), refined in steps of 100 ppm around
    the best few candidates."""
    rough = _scan(ga, ea, gb, eb, step_s, np.arange(-MAX_RATE, MAX_RATE + 1e-9, 2.5 * RATE_STEP))
    rough.sort(key=lambda r: -r[0])
    best = (-np.inf, 0.0, 0.0)
    for _, s, _ in rough[:3]:
        fine = _scan(ga, ea, gb, eb, step_s, s + RATE_STEP * np.arange(-2, 3))
        best = max(best, max(fine, key=lambda r: r[0]), key=lambda r: r[0])
    return best[1], best[2]


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    t_a, acc_a = _check(t_a, acc_a, "logger A")
    t_b, acc_b = _check(t_b, acc_b, "logger B")
    ga, xa, lost_a = _on_grid(t_a, acc_a)
    gb, xb, lost_b = _on_grid(t_b, acc_b)
    # coarse: rate-and-lag search on the 10 Hz envelopes
    every = int(GRID_HZ / 10)
    ea, eb = _envelope(xa, lost_a, every), _envelope(xb, lost_b, every)
    s0, c0 = _coarse(ga[::every], ea, gb[::every], eb, every / GRID_HZ)

    def to_a(tb):
        return c0 + (1 + s0) * tb

    # fine: whitened cross-correlation in windows of B resampled onto A's time scale
    w = int(WIN_S * GRID_HZ)
    m = int(SEARCH_S * GRID_HZ)
    n = 1 << int(np.ceil(np.log2(3 * w + 2 * m)))
    freq = np.fft.rfftfreq(n, 1 / GRID_HZ)
    band = (freq >= 2.0) & (freq <= 18.0)
    centres, resid, quality = [], [], []
    for s in range(0, len(xb) - w, w):
        ta0 = to_a(gb[s])
        start_a = int(round((ta0 - ga[0]) * GRID_HZ)) - m
        if start_a < 0 or start_a + w + 2 * m > len(xa):
            continue
        ta = ga[start_a + m] + np.arange(w) / GRID_HZ  # A's grid instants of the window
        tb = (ta - c0) / (1 + s0)
        if tb[0] < gb[0] or tb[-1] > gb[-1]:
            continue
        seg_b = np.interp(tb, gb, xb)
        seg_a = xa[start_a : start_a + w + 2 * m]
        fa = np.fft.rfft(seg_a, n)
        fb = np.fft.rfft(seg_b, n)
        cross = fa * np.conj(fb)
        cross /= np.abs(cross) + 1e-12 * np.abs(cross).max()
        # only the shared vibration band: above it the grid holds interpolation images
        # (locked to each logger's sampling instants), below it drift of the offsets
        cross[~band] = 0.0
        cc = np.fft.irfft(cross, n)[: 2 * m + 1]
        k = int(np.argmax(cc))
        if k in (0, 2 * m):  # the peak lies at the edge of the search: no real match
            continue
        den = cc[k - 1] - 2 * cc[k] + cc[k + 1]
        frac = 0.5 * (cc[k - 1] - cc[k + 1]) / den if den < 0 else 0.0
        side = np.delete(cc, np.arange(max(0, k - 5), min(len(cc), k + 6)))
        quality.append(cc[k] / (np.std(side) + 1e-12))
        # B's instant tb[0] is seen by A at ga[start_a] + (k + frac) / GRID_HZ
        lag_a = ga[start_a] + (k + frac) / GRID_HZ
        centres.append(tb[0])
        resid.append(lag_a - to_a(tb[0]))
    centres, resid, quality = map(np.asarray, (centres, resid, quality))
    if len(centres) == 0:
        return float(c0), float(s0 * 1e6)
    good = quality > 8.0
    if good.sum() < 3:
        good = quality >= np.sort(quality)[-3:][0]
    c, res = centres[good], resid[good]
    # robust straight line through the residual lags: the line through two windows that most
    # windows agree with (within 3 ms), refitted by least squares on those windows
    best, best_count = None, -1
    for i in range(len(c)):
        for j in range(i + 1, len(c)):
            if c[j] - c[i] < 60:
                continue
            slope = (res[j] - res[i]) / (c[j] - c[i])
            if abs(slope) > 5e-4:  # the coarse rate is better than this
                continue
            count = int(np.sum(np.abs(res - (res[i] + slope * (c - c[i]))) <= 0.003))
            if count > best_count:
                best, best_count = (i, j), count
    if best is None:
        a, b = float(np.median(res)), 0.0
    else:
        i, j = best
        slope = (res[j] - res[i]) / (c[j] - c[i])
        inl = np.abs(res - (res[i] + slope * (c - c[i]))) <= 0.003
        b, a = np.polyfit(c[inl], res[inl], 1)
    # tau_a = c0 + (1 + s0) tb + a + b tb
    return float(c0 + a), float((s0 + b) * 1e6)
