"""QTc measured beat by beat and summarised by the median (no averaged beat).

1. Counts to millivolts; a zero-phase 35 Hz low-pass (6th order) removes mains hum and muscle
   noise; baseline wander is removed by a cubic spline through each beat's isoelectric
   points (PR segment, and TP segment when the heart rate leaves one).
2. R peaks by a Pan-Tompkins style detector (derivative, squaring, 150 ms integration,
   threshold relative to the record's peaks, 250 ms refractory period).
3. For each beat: QRS onset where, scanning forward from the PR segment, the signal leaves the
   isoelectric line (zero after the spline) for good; T-wave end by the
   threshold method (the T wave has come back to within 15 % of its amplitude from the
   isoelectric level, on the signal smoothed to 20 Hz), which ends before a U wave can
   interfere.
4. Bazett per beat with the preceding RR interval; the median over beats is reported."""
import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import butter, find_peaks, sosfiltfilt


def _detect_r(y, fs):
    d = np.diff(y, prepend=y[0]) * fs
    e = np.convolve(d * d, np.ones(int(0.15 * fs)) / int(0.15 * fs), mode="same")
    peaks, _ = find_peaks(e, distance=int(0.25 * fs), height=0.25 * np.percentile(e, 99))
    w = int(0.08 * fs)
    out = []
    for p in peaks:
        a, b = max(0, p - w), min(y.size, p + w)
        out.append(a + int(np.argmax(np.abs(y[a:b]))))
    return np.unique(np.array(out))


def _flattest(y, lo, hi, w):
    starts = np.arange(lo, hi - w)
    spread = np.lib.stride_tricks.sliding_window_view(y[lo:hi], w)[:starts.size].std(axis=1)
    ok = spread <= 1.5 * spread.min() + 0.005
    return int(starts[np.flatnonzero(ok)[-1]])


def qtc_bazett(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0 or not counts_per_mv > 0:
        raise ValueError("fs and counts_per_mv must be positive")
    fs = float(fs)
    if x.size < 5 * fs:
        raise ValueError("recording shorter than 5 s")
    mv = (x - np.median(x)) / float(counts_per_mv)
    y = sosfiltfilt(butter(6, 35, btype="low", fs=fs, output="sos"), mv)
    r = _detect_r(y - np.convolve(y, np.ones(int(0.6 * fs)) / int(0.6 * fs), mode="same"), fs)
    # spline baseline through PR (and TP) knots
    kt, kv, pr_knot = [], [], {}
    w = max(2, int(0.02 * fs))
    for i, p in enumerate(r):
        if p - int(0.15 * fs) >= 0:
            s = _flattest(y, p - int(0.15 * fs), p - int(0.045 * fs), w)
            kt.append(s + w / 2)
            kv.append(np.mean(y[s:s + w]))
            pr_knot[p] = s + w // 2
        if i + 1 < r.size:
            rr_s = (r[i + 1] - p) / fs
            lo, hi = p + int((0.5 * np.sqrt(rr_s) + 0.12) * fs), r[i + 1] - int(0.28 * fs)
            if hi - lo >= int(0.06 * fs):
                s = _flattest(y, lo, hi, 2 * w)
                kt.append(s + w)
                kv.append(np.mean(y[s:s + 2 * w]))
    order = np.argsort(kt)
    y = y - CubicSpline(np.array(kt)[order], np.array(kv)[order])(np.arange(y.size))
    d = np.gradient(y) * fs
    ys = sosfiltfilt(butter(2, 20, btype="low", fs=fs, output="sos"), y)   # for the T wave
    values = []
    for i in range(1, r.size - 1):
        p, rr_prev, rr_next = r[i], (r[i] - r[i - 1]) / fs, (r[i + 1] - r[i]) / fs
        qrs_slope = np.max(np.abs(d[p - int(0.06 * fs):p + int(0.06 * fs)]))
        # scanning forward from this beat's PR-segment knot, the QRS begins where the signal
        # leaves the isoelectric line (zero after the spline) for good: more than 3 % of the
        # R amplitude (at least 20 uV) away or moving faster than 5 % of the QRS's steepest
        # slope, staying away until the R peak
        if p not in pr_knot:
            continue
        level = max(0.02, 0.03 * abs(y[p]))
        away = (np.abs(y) > level) | (np.abs(d) > 0.05 * qrs_slope)
        k0 = pr_knot[p]
        out = np.flatnonzero(~away[k0:p])
        q_on = k0 + (int(out[-1]) + 1 if out.size else 0)
        iso = 0.0        # the spline has put the isoelectric points at zero
        lo, hi = p + int(0.15 * fs), p + int((rr_next - 0.22) * fs)   # before the next P
        seg = ys[lo:hi] - iso
        if seg.size < 3:
            continue
        t_pk = lo + int(np.argmax(np.abs(seg)))
        amp = ys[t_pk] - iso
        k, stop = t_pk, min(hi - 1, t_pk + int(0.25 * fs))
        while k < stop and abs(ys[k] - iso) > 0.15 * abs(amp):
            k += 1
        if k >= stop:
            continue  # this beat's T wave does not come back to the baseline: not measurable
        # linear interpolation of the threshold crossing
        a0, a1 = abs(ys[k - 1] - iso), abs(ys[k] - iso)
        frac = (a0 - 0.15 * abs(amp)) / (a0 - a1) if a0 != a1 else 0.0
        t_end = k - 1 + frac
        values.append(1000.0 * ((t_end - q_on) / fs) / np.sqrt(rr_prev))
    return float(np.median(values))
