"""Step counting by periodicity, not by peaks: in sliding windows of the band-passed
acceleration magnitude the autocorrelation tells whether the person walks (a strong repeat at a
step period of 0.25-1.25 s, or a stride of two steps, that holds over several cycles) and at what cadence. Steps = cadence
integrated over the time spent in sustained walking (at least MIN_RUN periodic windows in a
row)."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WINDOW_S, HOP_S, MIN_RUN = 4.0, 1.0, 4


def _peak_near(ac, lag, fs, lo):
    """Index and value of the autocorrelation maximum within 60 ms of `lag` (not below lo)."""
    near = np.arange(max(lo, int(round(lag - 0.06 * fs))),
                     min(ac.size - 1, int(round(lag + 0.06 * fs))) + 1)
    if near.size == 0:
        return 0, -1.0
    k = int(near[np.argmax(ac[near])])
    return k, float(ac[k])


def _cadence(seg, fs):
    """Steps per second in one window, or 0 when it does not repeat like walking."""
    seg = seg - seg.mean()
    m = seg.size
    energy = float(seg @ seg)
    if energy / m < 0.02 ** 2:  # too still to be walking
        return 0.0
    ac = np.correlate(seg, seg, mode="full")[m - 1:] / energy
    # a step lasts 0.25-1.25 s; the wrist's strongest repeat is often the stride (two steps),
    # which in slow walking lasts up to about 1.6 s
    lo, hi = int(0.25 * fs), min(int(1.7 * fs), m // 2)
    best = lo + int(np.argmax(ac[lo:hi]))
    if ac[best] < 0.45:
        return 0.0
    # Running strides (0.6-0.8 s) are as short as slow walking steps, so whatever the lag,
    # when the signal also repeats at half of it, the half lag is the step.
    step = best
    if best / 2 >= lo:
        k, value = _peak_near(ac, best / 2, fs, lo)
        if value > 0.3 and value >= 0.5 * ac[best]:
            step = k
    if step == best:
        if best > 1.25 * fs:  # no step inside the stride: not walking
            return 0.0
        # walking repeats step after step: one or two bumps of a gesture do not
        _, again = _peak_near(ac, 2 * best, fs, lo)
        if again < 0.3:
            return 0.0
    # sub-sample period from a parabola through the peak
    if 0 < step < ac.size - 1:
        y0, y1, y2 = ac[step - 1], ac[step], ac[step + 1]
        denom = y0 - 2 * y1 + y2
        shift = 0.5 * (y0 - y2) / denom if denom < 0 else 0.0
        return fs / (step + float(np.clip(shift, -0.5, 0.5)))
    return fs / step


def count_steps(acc, fs):
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("acc must be (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = acc.shape[0]
    win, hop = int(WINDOW_S * fs), int(HOP_S * fs)
    if n < win:
        return 0
    mag = np.linalg.norm(acc, axis=1)
    walking_band = butter(3, (0.5, min(5.0, 0.45 * fs)), "bandpass", fs=fs, output="sos")
    x = sosfiltfilt(walking_band, mag - mag.mean())
    starts = list(range(0, n - win + 1, hop))
    cadence = np.array([_cadence(x[s:s + win], fs) for s in starts])
    # local activity (1 s RMS) decides where a walking bout really starts and ends
    # (from the magnitude minus its 1 s moving average: no filter ringing before an onset)
    k = max(1, int(fs))
    box = np.ones(k) / k
    detail = mag - np.convolve(mag, box, mode="same")
    rms = np.sqrt(np.convolve(detail * detail, box, mode="same"))
    rate = np.zeros(n)  # steps per second at each sample, inside sustained walking only
    reach = (win - hop) // 2 + hop // 2  # a run's first/last window covers this far from its centre
    i = 0
    while i < len(starts):
        if cadence[i] == 0:
            i += 1
            continue
        j = i
        while j < len(starts) and cadence[j] > 0:
            j += 1
        if j - i >= MIN_RUN:
            first, last = starts[i] + win // 2, starts[j - 1] + win // 2
            for k_ in range(i, j):  # each window speaks for the hop around its centre
                centre = starts[k_] + win // 2
                rate[centre - hop // 2:centre + hop - hop // 2] = cadence[k_]
            head = np.arange(max(0, first - reach), first - hop // 2)
            tail = np.arange(last + hop - hop // 2, min(n, last + reach))
            rate[head] = cadence[i]
            rate[tail] = cadence[j - 1]
            span = np.arange(head[0] if head.size else first, tail[-1] + 1 if tail.size else last)
            level = 0.5 * np.percentile(rms[span], 90)
            quiet = rms[span] < level
            if quiet.mean() > 0.5:
                # the windows only shared one short movement (a gesture): walking fills them
                rate[span] = 0.0
            rate[span[quiet]] = 0.0
        i = j
    return int(round(rate.sum() / fs))
