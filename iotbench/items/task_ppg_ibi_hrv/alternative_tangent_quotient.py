"""Pulse-rate variability with a different fiducial and a different editing rule.

Fiducial: the pulse foot by the intersecting-tangents method (the tangent at the steepest
upstroke meets the horizontal through the preceding minimum), computed on a spline of the
filtered signal, so it is sub-sample by construction and independent of the systolic peak.
Editing: an adaptive quotient filter; an interval is accepted only if its ratio to both
neighbours stays within a limit set by this person's own beat-to-beat spread (capped at 20 %)
and it is not part of a sharp drop-then-rise (premature beat),
the pulse that ends it has a normal foot-to-top amplitude, and no movement (amplitude far above
the pulse) surrounds it. RMSSD uses successive differences of adjacent accepted intervals."""
import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import butter, find_peaks, sosfiltfilt, welch


def ppg_hrv(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if ppg.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    band = butter(2, [0.4, min(12.0, 0.45 * fs)], "bandpass", output="sos", fs=fs)
    x = sosfiltfilt(band, ppg)
    d = np.gradient(x)
    # polarity: the rising edge is steeper than the falling one in most 8 s pieces
    size = int(8 * fs)
    score = sum(np.sign(np.percentile(d[i:i + size], 99.5) + np.percentile(d[i:i + size], 0.5))
                for i in range(0, d.size - size + 1, size))
    if score < 0:
        x, d = -x, -d
    # pulse rate from the spectrum, for the minimum spacing of upstrokes
    f, p = welch(x, fs=fs, nperseg=int(min(x.size, 16 * fs)))
    band = (f >= 0.6) & (f <= 3.3)
    period = 1.0 / f[band][np.argmax(p[band])]
    ups, _ = find_peaks(d, distance=max(1, int(0.6 * period * fs)))
    ups = ups[(ups > int(0.4 * fs)) & (ups < x.size - int(0.4 * fs) - 2)]
    spline = CubicSpline(np.arange(x.size) / fs, x)
    feet, amps = [], []
    for u in ups:
        grid = (u + np.linspace(-1.5, 1.5, 61)) / fs
        slope = spline(grid, 1)
        tm = grid[np.argmax(slope)]                    # steepest point, sub-sample
        sm, ym = slope.max(), spline(tm)
        lo = u - int(0.3 * fs)
        base = x[lo:u].min()                           # the preceding minimum
        feet.append(tm - (ym - base) / sm if sm > 0 else tm)
        amps.append(x[u:u + int(0.4 * fs)].max() - base)
    feet, amps = np.array(feet), np.array(amps)
    typical = np.median(amps)
    normal = (amps > 0.6 * typical) & (amps < 1.5 * typical)
    # movement: one-second RMS far above the record's usual level
    k = max(1, int(fs))
    rms = np.sqrt(np.convolve(x * x, np.ones(k) / k, mode="same"))
    calm = rms < 1.5 * np.median(rms)
    w = int(0.7 * fs)
    calm = np.convolve((~calm).astype(float), np.ones(2 * w + 1), mode="same") == 0
    normal &= calm[np.clip((feet * fs).astype(int), 0, x.size - 1)]
    ibi = np.diff(feet) * 1000.0
    ratio = ibi[1:] / ibi[:-1]
    spread = 1.4826 * np.median(np.abs(ratio - np.median(ratio)))
    limit = min(max(5 * spread, 0.05), 0.2)
    good_ratio = np.abs(ratio - 1) <= limit
    # a premature beat shows as a sharp drop followed by a sharp rise
    short_long = (ratio[:-1] < 1 - limit / 2) & (ratio[1:] > 1 + limit / 2)
    good_ratio[:-1] &= ~short_long
    good_ratio[1:] &= ~short_long
    ok = normal[:-1] & normal[1:]
    ok &= np.r_[good_ratio, True] & np.r_[True, good_ratio]   # agrees with both neighbours
    pairs = ok[:-1] & ok[1:]
    diffs = np.diff(ibi)[pairs]
    rmssd = float(np.sqrt(np.mean(diffs ** 2))) if diffs.size else float("nan")
    return {"ibi_ms": ibi[ok].astype(float), "rmssd_ms": rmssd}
