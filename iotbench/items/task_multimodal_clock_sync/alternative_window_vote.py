"""Alternative: no rate search and no whitening. The band-passed vibration magnitudes of both
loggers are put on 100 Hz grids of their own clocks. Coarse mapping from landmarks: the most
energetic 30 s stretch in each of up to 12 equal parts of B's recording (spread over the
recording) is located in the whole of A by normalised cross-correlation of smoothed log-energy
envelopes (coarse enough that a clock off by 2 % does not smear them); the straight line
through the landmark pairs that most of them agree with gives a coarse offset and rate. Fine:
B is resampled onto A's time scale with that mapping and every 10 s window is located within
+-0.5 s by normalised cross-correlation of the waveforms; windows whose correlation is weak
(parked, lost samples) or whose peak is ambiguous (idling: the periodic engine vibration
correlates almost equally well one engine period away) are dropped; offset and drift come from
a Theil-Sen line through the window lags, refitted on the windows that agree with it. The fine
stage is repeated within +-0.1 s of that line, with B resampled at the refined rate."""
import numpy as np
from scipy.signal import butter, fftconvolve, sosfiltfilt

HZ = 100.0
ENV_HZ = 10.0
LAND_S = 30.0
WIN_S = 10.0


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
    gap = (t[idx] - t[idx - 1]) > 2.5 * dt
    x[gap] = 0.0                                         # lost samples carry nothing
    x = sosfiltfilt(butter(3, [2.0, min(20.0, 0.4 * fs)], btype="bandpass", fs=fs,
                           output="sos"), x)
    grid = np.arange(t[0], t[-1], 1.0 / HZ)
    # band-limit again on the common grid (interpolation leaves images of the samples)
    xg = sosfiltfilt(butter(4, [2.0, 18.0], btype="bandpass", fs=HZ, output="sos"),
                     np.interp(grid, own, x))
    lost = np.interp(grid, own, gap.astype(float)) > 0
    return grid, xg, lost


def _envelope(x, lost):
    """Smoothed log energy at ENV_HZ with the slow level removed; lost stretches are 0."""
    k = int(0.5 * HZ)
    e = np.convolve(x * x, np.ones(k) / k, mode="same")
    bad = np.convolve(lost.astype(float), np.ones(2 * k), mode="same") > 0
    every = int(HZ / ENV_HZ)
    e, bad = e[::every], bad[::every]
    env = np.log(e + 1e-3 * np.median(e) + 1e-12)
    s = int(10 * ENV_HZ)
    env = env - np.convolve(env, np.ones(s) / s, mode="same")
    env[bad] = 0.0
    return env


def _ncc(a, b):
    """Normalised cross-correlation of template b at every position inside a."""
    c = fftconvolve(a, b[::-1], mode="valid")
    e = np.sqrt(np.maximum(np.convolve(a * a, np.ones(len(b)), mode="valid"), 0.0))
    return c / (e * np.linalg.norm(b) + 1e-12)


def _theil_sen(x, y, min_dx):
    i, j = np.triu_indices(len(x), 1)
    far = (x[j] - x[i]) > min_dx
    slope = float(np.median((y[j] - y[i])[far] / (x[j] - x[i])[far])) if far.any() else 0.0
    return float(np.median(y - slope * x)), slope


def _fine(xa, ga, xb, gb, c0, s0, search_s):
    """Lag of every WIN_S window of B (resampled onto A's time scale with the mapping c0, s0),
    searched within +-search_s by normalised cross-correlation. Returns window starts (B's
    clock), total lags (A's clock minus B's), the peak correlation, and whether the peak is
    unambiguous (no other local maximum of the correlation nearly as high: periodic engine
    vibration correlates equally well at every period)."""
    w = int(WIN_S * HZ)
    m = int(round(search_s * HZ))
    centres, lags, score, unique = [], [], [], []
    for s in range(0, len(xb) - w, w):
        ta0 = c0 + (1 + s0) * gb[s]
        a0 = int(round((ta0 - ga[0]) * HZ)) - m
        if a0 < 0 or a0 + w + 2 * m > len(xa):
            continue
        ta = ga[a0 + m] + np.arange(w) / HZ
        tb = (ta - c0) / (1 + s0)
        if tb[0] < gb[0] or tb[-1] > gb[-1]:
            continue
        seg_b = np.interp(tb, gb, xb)
        c = _ncc(xa[a0:a0 + w + 2 * m], seg_b)
        k = int(np.argmax(c))
        frac = 0.0
        if 0 < k < len(c) - 1:
            den = c[k - 1] - 2 * c[k] + c[k + 1]
            frac = 0.5 * (c[k - 1] - c[k + 1]) / den if den < 0 else 0.0
        peaks = np.flatnonzero((c[1:-1] >= c[:-2]) & (c[1:-1] > c[2:])) + 1
        peaks = peaks[np.abs(peaks - k) > 2]
        rival = c[peaks].max() if peaks.size else -1.0
        centres.append(tb[0])
        lags.append(ga[a0] + (k + frac) / HZ - tb[0])
        score.append(c[k])
        unique.append(0 < k < len(c) - 1 and rival < 0.9 * c[k])
    return tuple(map(np.asarray, (centres, lags, score, unique)))


def _robust_line(c, lg, tol):
    """Theil-Sen line through the window lags, refitted on the windows within tol of it."""
    intercept, slope = _theil_sen(c, lg, 60.0)
    for near in (0.05, tol):
        inl = np.abs(lg - (intercept + slope * c)) <= near
        if inl.sum() < 3:
            break
        intercept, slope = _theil_sen(c[inl], lg[inl], 60.0)
    inl = np.abs(lg - (intercept + slope * c)) <= tol
    if inl.sum() >= 3:
        slope, intercept = np.polyfit(c[inl], lg[inl], 1)
    return float(intercept), float(slope)


def estimate_clock_mapping(t_a, acc_a, t_b, acc_b):
    t_a, acc_a = _check(t_a, acc_a, "logger A")
    t_b, acc_b = _check(t_b, acc_b, "logger B")
    ga, xa, lost_a = _prepare(t_a, acc_a)
    gb, xb, lost_b = _prepare(t_b, acc_b)
    ea, eb = _envelope(xa, lost_a), _envelope(xb, lost_b)
    ta_e = ga[0] + np.arange(len(ea)) / ENV_HZ
    tb_e = gb[0] + np.arange(len(eb)) / ENV_HZ

    # coarse: landmarks of B, the most energetic 30 s stretch in each of up to 12 equal parts
    # of the recording (spread out, so the line through them is well conditioned), each
    # located in the whole of A
    land = int(LAND_S * ENV_HZ)
    starts = np.arange(0, len(eb) - land, land // 2)
    energy = np.array([np.sum(eb[s:s + land] ** 2) for s in starts])
    parts = np.array_split(np.arange(len(starts)), min(12, len(starts)))
    chosen = [starts[p[np.argmax(energy[p])]] for p in parts if p.size]
    pairs = []
    for s in chosen:
        c = _ncc(ea, eb[s:s + land])
        k = int(np.argmax(c))
        pairs.append((tb_e[s] + LAND_S / 2, ta_e[k] + LAND_S / 2, c[k]))
    pb, pa, _ = map(np.asarray, zip(*pairs, strict=True))
    # the line through two landmark pairs that most landmarks agree with (0.4 s)
    best, support = (float(np.median(pa - pb)), 0.0), -1
    for i in range(len(pb)):
        for j in range(len(pb)):
            if pb[j] - pb[i] < 120:
                continue
            slope = (pa[j] - pa[i]) / (pb[j] - pb[i]) - 1.0
            if abs(slope) > 0.045:
                continue
            off = pa[i] - (1 + slope) * pb[i]
            agree = np.abs(pa - (off + (1 + slope) * pb)) <= 0.4
            if agree.sum() > support:
                support = int(agree.sum())
                a, s = _theil_sen(pb[agree], pa[agree] - pb[agree], 60.0)
                best = (a, s)
    c0, s0 = best

    # fine, twice: windows located within +-0.5 s of the coarse mapping, a robust line through
    # the reliable ones; then again within +-0.1 s of that line (B resampled with the better
    # rate, so windows far from the landmarks are no longer stretched or out of reach)
    for search in (0.5, 0.1):
        centres, lags, score, unique = _fine(xa, ga, xb, gb, c0, s0, search)
        if centres.size == 0:
            break
        good = (score > 0.5) & unique
        if good.sum() < 3:
            good = score >= np.sort(score)[-min(3, len(score))]
        c0, s0 = _robust_line(centres[good], lags[good], 0.004)
    return float(c0), float(s0 * 1e6)
