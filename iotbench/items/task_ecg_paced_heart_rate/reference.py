"""Heart rate of a paced patient: find the pacing spikes first (narrow, steep deflections that
a median over a few milliseconds does not follow), blank them and their recharge tail, and only
then detect QRS complexes, paced or intrinsic, on the spike-free signal. A spike is not a beat:
only a ventricular depolarisation (QRS energy) is, so a pulse that fails to capture, or an
atrial pulse, adds nothing."""
import numpy as np
from scipy.ndimage import maximum_filter1d, median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt

WINDOW_S = 10.0


def _remove_spikes(x, fs):
    k = max(5, int(round(0.008 * fs)) | 1)
    detail = x - median_filter(x, size=k, mode="nearest")
    mad = np.median(np.abs(detail - np.median(detail)))
    hits = np.flatnonzero(np.abs(detail) > max(0.25, 10 * 1.4826 * mad))
    if hits.size == 0:
        return x
    keep = np.ones(x.size, bool)
    before, after = int(0.005 * fs) + 1, int(0.035 * fs) + 1
    for h in hits:
        keep[max(0, h - before):h + after] = False
    idx = np.arange(x.size)
    return np.interp(idx, idx[keep], x[keep]) if keep.any() else np.zeros_like(x)


def _window_rates(times, duration):
    rates = []
    for k in range(int(duration // WINDOW_S)):
        lo, hi = k * WINDOW_S, (k + 1) * WINDOW_S
        ends = times[1:]
        iv = np.diff(times)[(ends >= lo) & (ends < hi)]
        rates.append(float(60.0 / iv.mean()) if iv.size else float("nan"))
    return rates


def paced_heart_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    duration = x.size / fs
    if x.size < int(2 * fs):
        return {"beat_times_s": np.zeros(0), "n_beats": 0, "hr_bpm": _window_rates(np.zeros(0), duration)}
    clean = _remove_spikes(x, fs)
    sos = butter(2, [4.0, min(30.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    band = sosfiltfilt(sos, clean)
    win = max(1, int(0.12 * fs))
    env = np.convolve(band * band, np.ones(win) / win, mode="same")
    peaks, _ = find_peaks(env, distance=max(1, int(0.3 * fs)))
    if peaks.size == 0:
        return {"beat_times_s": np.zeros(0), "n_beats": 0, "hr_bpm": _window_rates(np.zeros(0), duration)}
    heights = env[peaks]
    # local reference: the typical height of the larger peaks within a few seconds
    local = maximum_filter1d(env, size=max(1, int(4 * fs)), mode="nearest")
    floor = max(0.015, 5 * np.percentile(env, 20))  # mV², above noise and T waves
    beats = peaks[heights > np.maximum(0.02 * local[peaks], floor)]
    times = beats / fs
    return {"beat_times_s": times, "n_beats": int(times.size), "hr_bpm": _window_rates(times, duration)}
