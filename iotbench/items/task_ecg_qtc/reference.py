"""Bazett-corrected QT from a short resting ECG.

1. Counts to millivolts; mains hum (50 or 60 Hz) fitted and subtracted, muscle noise reduced
   by a zero-phase 40 Hz low-pass (no phase shift of the waves' edges). R peaks from the
   band-passed (5-20 Hz) squared slope.
2. Baseline wander removed by a cubic spline through isoelectric knots: the PR segment of each
   beat and, at slow heart rates, the TP segment between beats (a high-pass filter strong
   enough for respiratory wander would distort the ST-T segment, and the T-wave end is read
   where the T wave meets the isoelectric line). The median beat over all
   beats is formed around the R peaks (less noise, one morphology to delineate).
3. On the median beat: the isoelectric level from the flattest stretch of the PR segment;
   QRS onset where, searching back from the R peak, slope and deflection become small; T-wave
   end by the tangent method (the tangent to the steepest part of the T wave's descending limb,
   fitted as a line, meets the isoelectric level), which ignores a following U wave.
4. QTc = QT / sqrt(RR) with RR the mean beat interval in seconds (Bazett)."""
import numpy as np
from scipy.ndimage import median_filter
from scipy.interpolate import CubicSpline
from scipy.signal import butter, find_peaks, sosfiltfilt


def _check(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0 or not counts_per_mv > 0:
        raise ValueError("fs and counts_per_mv must be positive")
    if x.size < 5 * fs:
        raise ValueError("recording shorter than 5 s")
    return x, float(fs), float(counts_per_mv)


def _r_peaks(x, fs):
    sos = butter(2, [5, 20], btype="bandpass", fs=fs, output="sos")
    e = np.gradient(sosfiltfilt(sos, x)) ** 2
    e = np.convolve(e, np.ones(int(0.08 * fs)) / int(0.08 * fs), mode="same")
    peaks, _ = find_peaks(e, distance=int(0.3 * fs), height=0.3 * np.percentile(e, 99))
    # the R peak itself: the largest absolute deflection near each energy peak
    w = int(0.06 * fs)
    return np.array([p - w + int(np.argmax(np.abs(x[max(0, p - w):p + w]))) for p in peaks
                     if p - w >= 0])


def _remove_mains(x, fs):
    """Subtract 50 Hz and 60 Hz hum fitted by least squares in 2 s pieces (a notch filter
    would ring after every QRS and leave that ringing in the averaged beat)."""
    out = x.copy()
    size = int(2 * fs)
    for s0 in range(0, x.size, size):
        seg = x[s0:s0 + size]
        if seg.size < int(0.5 * fs):
            break
        t = np.arange(s0, s0 + seg.size) / fs
        cols = [np.ones_like(t), t - t.mean()]
        for f in (50.0, 60.0):
            if f < 0.45 * fs:
                cols += [np.sin(2 * np.pi * f * t), np.cos(2 * np.pi * f * t)]
        a = np.column_stack(cols)
        coef, *_ = np.linalg.lstsq(a, seg, rcond=None)
        out[s0:s0 + seg.size] = seg - a[:, 2:] @ coef[2:]
    return out


def _pr_segment(y, p, fs):
    """Start of the isoelectric PR segment before the R peak at p: of the 16 ms windows
    between 140 and 45 ms before R, the flat one closest to the QRS (the top of the P wave
    can be flat too, but lies further away)."""
    w = max(2, int(0.016 * fs))
    lo = p - int(0.14 * fs)
    starts = np.arange(lo, p - int(0.045 * fs) - w)
    flat = np.ptp(np.lib.stride_tricks.sliding_window_view(y[lo:p], w)[:starts.size], axis=1)
    ok = flat <= 1.5 * flat.min() + 0.01
    return int(starts[np.flatnonzero(ok)[-1]]), w


def qtc_bazett(ecg, fs, counts_per_mv):
    x, fs, gain = _check(ecg, fs, counts_per_mv)
    mv = (x - np.median(x)) / gain
    mv = _remove_mains(mv, fs)
    y = sosfiltfilt(butter(4, 40, btype="low", fs=fs, output="sos"), mv)
    r = _r_peaks(y - median_filter(y, int(0.6 * fs) | 1, mode="nearest"), fs)
    # baseline wander: a cubic spline through the isoelectric PR segment of every beat (the
    # flat stretch closest to the QRS, see _pr_segment), subtracted
    knots_t, knots_v = [], []
    for p in r:
        if p - int(0.14 * fs) < 0:
            continue
        i, w = _pr_segment(y, p, fs)
        knots_t.append(i + w / 2)
        knots_v.append(float(np.mean(y[i:i + w])))
    # at slow heart rates also one knot per TP segment (after the T and U waves, before the
    # next P wave), so that the knots follow respiratory wander
    w = int(0.04 * fs)
    for p, q in zip(r[:-1], r[1:]):
        rr_s = (q - p) / fs
        lo = p + int((0.5 * np.sqrt(rr_s) + 0.12) * fs)
        hi = q - int(0.28 * fs)
        if hi - lo >= int(0.06 * fs):
            spread = np.ptp(np.lib.stride_tricks.sliding_window_view(y[lo:hi], w), axis=1)
            j = lo + int(np.argmin(spread))
            knots_t.append(j + w / 2)
            knots_v.append(float(np.mean(y[j:j + w])))
    order = np.argsort(knots_t)
    knots_t, knots_v = np.array(knots_t)[order], np.array(knots_v)[order]
    if len(knots_t) >= 4:
        y = y - CubicSpline(knots_t, knots_v, extrapolate=True)(np.arange(y.size))
    else:
        y = y - median_filter(median_filter(y, int(0.2 * fs) | 1), int(0.6 * fs) | 1)
    rr = np.diff(r) / fs
    rr_mean = float(np.mean(rr))
    pre, post = int(0.35 * fs), int(min(0.9 * rr_mean, 0.75) * fs)
    beats = np.array([y[p - pre:p + post] for p in r if p - pre >= 0 and p + post <= y.size])
    beat = np.median(beats, axis=0)
    rpk = pre
    if beat[rpk] < 0:           # make the main QRS deflection positive for the search below
        beat = -beat
    # isoelectric level on the median beat: its PR segment
    flat, w = _pr_segment(beat, rpk, fs)
    iso = float(np.mean(beat[flat:flat + w]))
    # QRS onset: searching back from R (not past the PR segment), the first point where the
    # slope is below 8 % of the QRS's largest slope and the signal within 3 % of the R
    # amplitude (at least 20 uV) of the isoelectric level
    k5 = max(1, int(0.012 * fs))
    sm = np.convolve(beat, np.ones(k5) / k5, mode="same")
    ds = np.gradient(sm) * fs
    qrs_slope = np.max(np.abs(ds[rpk - int(0.06 * fs):rpk + int(0.06 * fs)]))
    level = max(0.02, 0.03 * abs(beat[rpk] - iso))
    i = rpk
    while i > flat + w and (abs(ds[i]) > 0.08 * qrs_slope or abs(sm[i] - iso) > level):
        i -= 1
    q_on = i
    # T wave: the largest deviation from the isoelectric level from 150 ms after R to before
    # the next P wave
    lo, hi = rpk + int(0.15 * fs), min(beat.size, rpk + int((rr_mean - 0.22) * fs))
    ts = sosfiltfilt(butter(2, 30, btype="low", fs=fs, output="sos"), beat)
    seg = ts[lo:hi] - iso
    t_pk = lo + int(np.argmax(np.abs(seg)))
    sign = np.sign(ts[t_pk] - iso)
    # the tangent to the descending limb: a straight line fitted where the limb falls from
    # 70 % to 30 % of the T amplitude (the steepest part; a least-squares line is far less
    # noisy than one derivative sample), extended to the isoelectric level
    amp = sign * (ts[t_pk] - iso)
    i = t_pk
    while i < hi - 1 and sign * (ts[i] - iso) > 0.7 * amp:
        i += 1
    j = i
    while j < hi - 1 and sign * (ts[j] - iso) > 0.3 * amp:
        j += 1
    if j - i >= 2:
        slope, icpt = np.polyfit(np.arange(i, j + 1), ts[i:j + 1], 1)
        t_end = (iso - icpt) / slope
    else:
        t_end = j
    qt = (t_end - q_on) / fs
    return float(1000.0 * qt / np.sqrt(rr_mean))
