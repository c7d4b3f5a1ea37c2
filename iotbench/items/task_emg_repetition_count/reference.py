"""Repetition counting from a multi-channel forearm EMG armband.

1. Per channel: high-pass 20 Hz (removes movement wander; works at 200 Hz), RMS envelope over
   150 ms, resampled to 20 Hz, expressed in multiples of the channel's own resting level, so
   channel gains and a noisy channel (high resting level) do not dominate; channels are
   weighted by how much they change (activity contrast).
2. Sets: stretches of sustained activity (gaps shorter than 2 s bridged) longer than 6 s;
   isolated gestures and shake-outs are too short.
3. In each set the repetition period is the strongest autocorrelation lag in 1.5-4.5 s of the
   activity (a repetition has a lifting and a lowering burst: the period is the full cycle,
   not the burst spacing); when half that lag repeats as well, the spectrum decides which is
   the cycle (the cycle has power at its rate and twice its rate). Repetitions are the activity peaks at least 0.7 periods apart, with
   a prominence relative to the set's own level (light and heavy sets alike); a set needs at
   least 4 of them.
"""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

RATE = 20.0  # envelope rate, Hz


def _activity(emg, fs):
    step = max(1, int(round(fs / RATE)))
    sos = butter(2, 20.0, btype="highpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, emg - np.median(emg, axis=0), axis=0)
    win = max(1, int(0.15 * fs))
    c = np.cumsum(np.vstack([np.zeros((1, x.shape[1])), x * x]), axis=0)
    centres = np.arange(win // 2, x.shape[0] - win // 2, step)
    env = np.sqrt((c[centres + win - win // 2] - c[centres - win // 2]) / win)
    floor = np.maximum(np.percentile(env, 10, axis=0), 1e-9)
    rel = env / floor - 1.0
    contrast = np.percentile(rel, 95, axis=0)
    weights = contrast / max(contrast.sum(), 1e-9)
    return np.maximum(rel, 0.0) @ weights, centres / fs


def _harmonic_power(a, lag):
    """Power of the activity at the rate of one cycle per `lag` plus at twice that rate."""
    x = a - a.mean()
    n = 16 * x.size
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size), n)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    total = 0.0
    for f in (RATE / lag, 2 * RATE / lag):
        near = np.abs(freqs - f) <= 0.06 * f  # the pace jitters by a few per cent
        total += float(spec[near].max()) if near.any() else 0.0
    return total


def _period(a):
    a = a - a.mean()
    ac = np.correlate(a, a, mode="full")[a.size - 1:]
    ac = ac / max(ac[0], 1e-12)
    lo, hi = int(1.5 * RATE), min(int(4.5 * RATE), a.size - 1)
    if hi <= lo:
        return None
    peaks, _ = find_peaks(ac[:hi + 1])
    peaks = peaks[peaks >= lo]
    if peaks.size == 0:
        return None
    best = int(peaks[np.argmax(ac[peaks])])
    # The strongest lag can be two cycles (a slow rhythm repeats every other cycle as well) or
    # one cycle whose lowering burst resembles its lifting burst, so that half the cycle repeats
    # too. The repetition is the cycle whose rate and doubled rate (lifting and lowering bursts)
    # together carry the most power: half a cycle has no power at half its rate.
    half = peaks[np.abs(peaks - best / 2) <= 0.1 * best]
    if half.size:
        shorter = int(half[np.argmax(ac[half])])
        if _harmonic_power(a, shorter) > _harmonic_power(a, best):
            best = shorter
    return best


def count_repetitions(emg, fs):
    emg = np.asarray(emg, dtype=float)
    if emg.ndim != 2:
        raise ValueError("emg must be a 2-D array (samples, channels)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if emg.shape[0] < 10 * fs:
        return 0
    a, _ = _activity(emg, fs)
    # sustained activity: above a level well clear of rest, short gaps bridged
    level = np.percentile(a, 95)
    k = int(0.5 * RATE)
    on = np.convolve(a, np.ones(k) / k, mode="same") > max(0.35, 0.02 * level)
    idx = np.flatnonzero(on)
    if idx.size == 0:
        return 0
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 2.0 * RATE) + 1)
    total = 0
    for run in runs:
        start, stop = run[0], run[-1] + 1
        if (stop - start) / RATE < 6.0:
            continue
        seg = a[max(0, start - 10):stop + 10]
        period = _period(seg)
        if period is None:
            continue
        k = max(1, int(0.15 * period))  # smooth within a burst, not across the cycle
        smooth = np.convolve(seg, np.ones(k) / k, mode="same")
        peaks, _ = find_peaks(smooth, distance=max(1, int(0.7 * period)),
                              prominence=0.25 * np.percentile(smooth, 90))
        if peaks.size >= 4:
            total += int(peaks.size)
    return total
