"""Step counting by periodicity, not by peaks: in sliding windows of the band-passed
acceleration magnitude the autocorrelation tells whether the person walks (a strong repeat at a
step period of 0.25-1.25 s) and at what cadence. Steps = cadence integrated over the time spent
in sustained walking (at least MIN_RUN periodic windows in a row)."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WINDOW_S, HOP_S, MIN_RUN = 4.0, 1.0, 4


def _cadence(seg, fs):
    """Steps per second in one window, or 0 when it does not repeat like walking."""
    seg = seg - seg.mean()
    energy = float(seg @ seg)
    if energy / seg.size < 0.02 ** 2:  # too still to be walking
        return 0.0
    ac = np.correlate(seg, seg, mode="full")[seg.size - 1:] / energy
    lo, hi = int(0.25 * fs), min(int(1.25 * fs), seg.size // 2)
    best = lo + int(np.argmax(ac[lo:hi]))
    if ac[best] < 0.45:
        return 0.0
    # a wrist signal repeats per stride (two steps): prefer the half lag when it also repeats
    half = best // 2
    near = np.arange(max(lo, half - int(0.06 * fs)), half + int(0.06 * fs) + 1)
    if best / fs > 0.7 and near.size and ac[near].max() > 0.3:
        best = int(near[np.argmax(ac[near])])
    return fs / best


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
            level = 0.5 * np.median(rms[first:last + 1])
            head = np.arange(max(0, first - reach), first - hop // 2)
            tail = np.arange(last + hop - hop // 2, min(n, last + reach))
            rate[head] = cadence[i]
            rate[tail] = cadence[j - 1]
            span = np.arange(head[0] if head.size else first, tail[-1] + 1 if tail.size else last)
            rate[span[rms[span] < level]] = 0.0
        i = j
    return int(round(rate.sum() / fs))
