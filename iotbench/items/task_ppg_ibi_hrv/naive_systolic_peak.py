import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt


def _local_median(x, half, q=50):
    pad = np.pad(x, half, mode="reflect")
    return np.array([np.percentile(pad[i:i + 2 * half + 1], q) for i in range(x.size)])


def _period(x, fs):
    """Typical beat period (s): median over 15 s segments of the first strong repeat of the
    autocorrelation (a movement burst spoils only its own segments)."""
    size = int(15 * fs)
    found = []
    for start in range(0, max(1, x.size - size + 1), size):
        seg = x[start:start + size] - x[start:start + size].mean()
        ac = np.correlate(seg, seg, mode="full")[seg.size - 1:]
        lo, hi = int(0.3 * fs), min(int(2.0 * fs), seg.size - 1)
        cand, _ = find_peaks(ac[lo:hi])
        if cand.size == 0:
            continue
        vals = ac[lo:hi][cand]
        found.append((lo + int(cand[np.argmax(vals >= 0.8 * vals.max())])) / fs)
    return float(np.median(found)) if found else 0.6


def _movement(x, fs):
    """Samples where the signal is far larger than the pulse (movement artefacts)."""
    k = max(1, int(fs))
    rms = np.sqrt(np.convolve(x * x, np.ones(k) / k, mode="same"))
    bad = rms > 1.5 * np.median(rms)
    # widen by half a second each side
    w = max(1, int(0.5 * fs))
    return np.convolve(bad.astype(float), np.ones(2 * w + 1), mode="same") > 0


def ppg_hrv(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if ppg.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    sos = butter(3, [0.5, min(10.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, ppg)
    d = np.gradient(x)
    # the upstroke is the fast edge: make it positive (majority vote of 10 s segments, so a
    # movement burst cannot decide)
    seg = int(10 * fs)
    votes = [np.sign(np.mean(d[i:i + seg] ** 3)) for i in range(0, d.size - seg + 1, seg)]
    if np.sum(votes) < 0:
        x, d = -x, -d
    # candidate upstrokes: slope maxima at least 0.6 of a typical beat apart (so the slopes of
    # the reflected and dicrotic waves are not taken for beats)
    peaks, props = find_peaks(d, distance=max(1, int(0.6 * _period(d, fs) * fs)), height=0)
    heights = props["peak_heights"]
    typical = _local_median(heights, 10, 75)
    keep = heights > 0.3 * typical
    peaks, heights, typical = peaks[keep], heights[keep], typical[keep]
    # beat time: the systolic peak (the maximum of the pulse after its upstroke)
    inner = peaks < x.size - int(0.4 * fs)
    peaks, heights, typical = peaks[inner], heights[inner], typical[inner]
    tops = np.array([p + int(np.argmax(x[p:p + int(0.4 * fs)])) for p in peaks])
    times = tops / fs
    # abnormal pulses: weak (ectopic) or huge (movement)
    moving = _movement(x, fs)
    normal_beat = (heights > 0.6 * typical) & (heights < 1.6 * typical) & ~moving[peaks]
    ibi = np.diff(times) * 1000.0
    ref = _local_median(ibi, 7)
    # how much successive normal intervals differ in this person (quartile deviation of the
    # successive differences, as in the Lipponen-Tarvainen editing): a premature beat makes a
    # drop and a rise far beyond that
    drr = np.diff(ibi)
    q1, q3 = np.percentile(drr, [25, 75])
    th = max(3.5 * (q3 - q1) / 2, 20.0)
    bad = ~(normal_beat[:-1] & normal_beat[1:])
    bad |= np.abs(ibi - ref) > 0.2 * ref              # missed beats, long pauses
    # premature beat: an interval clearly shorter than its neighbourhood and than the last
    # one, followed by a clearly longer one
    drop = np.r_[False, drr < -th] & (ibi < 0.92 * ref)
    rise_next = np.r_[drr > th, True]                 # (the last interval has no next one)
    premature = drop & rise_next
    bad |= premature
    bad |= np.r_[False, premature[:-1]]               # the compensatory/reset interval
    bad |= np.r_[False, bad[:-1] & (np.abs(ibi - ref)[1:] > 0.1 * ref[1:])]
    ok_final = ~bad
    pairs = ok_final[:-1] & ok_final[1:]
    diffs = np.diff(ibi)[pairs]
    rmssd = float(np.sqrt(np.mean(diffs ** 2))) if diffs.size else float("nan")
    return {"ibi_ms": ibi[ok_final].astype(float), "rmssd_ms": rmssd}
