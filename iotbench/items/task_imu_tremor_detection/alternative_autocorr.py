"""Alternative, time domain: in sliding 3 s windows the gyro is band-passed to 3-8 Hz and
projected on its principal axis (the tremor's rotation axis). Tremor is (1) the dominant motion:
the band holds most of the 0.3-15 Hz rate variance, and (2) regular: the autocorrelation of the
principal component stays high several cycles out (a damped resonance or keystrokes decorrelate
within one or two cycles). The frequency is the autocorrelation's first peak lag, refined by a
parabola. Edges come from the band envelope. Windows in which the acceleration magnitude
moves at step rates (0.5-3.3 Hz: the person is walking, the arm is not at rest) are never
tremor: a stiff arm's heel-strike wobble makes a regular line in the tremor band."""
import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import butter, sosfiltfilt

WIN_S, HOP_S = 3.0, 0.5


def detect_tremor(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(gyro)
    win, hop = int(WIN_S * fs), max(1, int(HOP_S * fs))
    if n < win:
        return []
    g = gyro - gyro.mean(axis=0)
    broad = sosfiltfilt(butter(2, [0.3, min(15.0, 0.45 * fs)], btype="bandpass", fs=fs,
                               output="sos"), g, axis=0)
    band = sosfiltfilt(butter(3, [3.0, 8.0], btype="bandpass", fs=fs, output="sos"), g, axis=0)
    lags_lo, lags_hi = int(fs / 8.0), int(fs / 3.0) + 1
    flags, freqs, centres = [], [], []
    mag = np.linalg.norm(acc, axis=1)
    fwin = np.fft.rfftfreq(win, 1 / fs)
    step_band = (fwin >= 0.5) & (fwin <= 3.3)
    for s in range(0, n - win + 1, hop):
        # walking: the acceleration magnitude moves at the step rate (bounce, heel strikes);
        # the arm is then not at rest whatever the gyro shows
        m_ = mag[s:s + win] - mag[s:s + win].mean()
        spec = np.abs(np.fft.rfft(m_ * np.hanning(win))) ** 2
        step_rms = np.sqrt(2 * spec[step_band].sum() / (win * (np.hanning(win) ** 2).sum()))
        if step_rms > 0.03:
            flags.append(False)
            freqs.append(0.0)
            centres.append((s + win / 2) / fs)
            continue
        b = band[s:s + win]
        share = (b ** 2).sum() / max((broad[s:s + win] ** 2).sum(), 1e-12)
        # principal axis of the band-passed rotation
        _, _, vt = np.linalg.svd(b, full_matrices=False)
        x = b @ vt[0]
        x = x - x.mean()
        ac = np.correlate(x, x, mode="full")[len(x) - 1:]
        ac = ac / ac[0] / (1 - np.arange(len(x)) / len(x))   # unbiased normalisation
        seg = np.nan_to_num(ac[lags_lo:lags_hi], nan=-1.0)
        peaks = [q for q in range(1, len(seg) - 1)
                 if seg[q] >= seg[q - 1] and seg[q] >= seg[q + 1]]
        best = max(seg[q] for q in peaks) if peaks else seg.max()
        # the first lag that repeats about as well as the best (not a multiple of the period)
        k = lags_lo + (next(q for q in peaks if seg[q] >= best - 0.1) if peaks
                       else int(np.argmax(seg)))
        if 0 < k < len(ac) - 1:
            den = ac[k - 1] - 2 * ac[k] + ac[k + 1]
            frac = 0.5 * (ac[k - 1] - ac[k + 1]) / den if den < 0 else 0.0
        else:
            frac = 0.0
        period = (k + frac) / fs
        three = int(round(3 * period * fs))
        regular = three < len(ac) and ac[k] > 0.8 and ac[three] > 0.6
        flags.append(bool(share > 0.6 and regular))
        freqs.append(1.0 / period)
        centres.append((s + win / 2) / fs)
    flags = np.array(flags)
    amp = np.sqrt(uniform_filter1d((band ** 2).sum(axis=1), size=max(1, int(0.5 * fs))))
    episodes = []
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(flags) and (flags[j + 1] or (j + 2 < len(flags) and flags[j + 2])):
            j += 1
        a, b = centres[i], centres[j]
        if b - a >= 4.0:
            level = 0.5 * np.median(amp[int(a * fs):int(b * fs) + 1])
            lo, hi = int(a * fs), int(b * fs)
            while lo > 0 and amp[lo - 1] > level:
                lo -= 1
            while hi < n - 1 and amp[hi + 1] > level:
                hi += 1
            sel = [freqs[k] for k in range(i, j + 1) if flags[k]]
            episodes.append((lo / fs, hi / fs, float(np.median(sel))))
        i = j + 1
    merged = []
    for ep in episodes:
        if merged and ep[0] <= merged[-1][1]:
            last = merged.pop()
            ep = (last[0], max(last[1], ep[1]), 0.5 * (last[2] + ep[2]))
        merged.append(ep)
    return [(float(a), float(b), float(f)) for a, b, f in merged]
