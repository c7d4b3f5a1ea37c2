"""Pacemaker-aware but capture-blind: every ventricular pacing spike is taken as a paced beat
(the last spike of a group, so an atrial spike before it is not counted twice), and a generic
QRS detector on the spike-free signal adds the intrinsic beats away from any spike."""
import numpy as np
from scipy.ndimage import maximum_filter1d, median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt


def _rates(times, duration):
    rates = []
    for k in range(int(duration // 10.0)):
        ends = times[1:]
        iv = np.diff(times)[(ends >= 10.0 * k) & (ends < 10.0 * k + 10.0)]
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
        return {"beat_times_s": np.zeros(0), "n_beats": 0, "hr_bpm": _rates(np.zeros(0), duration)}
    detail = x - median_filter(x, size=max(5, int(round(0.008 * fs)) | 1), mode="nearest")
    hits = np.flatnonzero(np.abs(detail) > 0.25)
    spikes = []
    for h in hits:  # group samples of one pulse; keep the last pulse of an A-V pair
        if spikes and h - spikes[-1] < 0.3 * fs:
            spikes[-1] = h
        else:
            spikes.append(h)
    keep = np.ones(x.size, bool)
    for h in hits:
        keep[max(0, h - int(0.005 * fs) - 1):h + int(0.035 * fs) + 1] = False
    idx = np.arange(x.size)
    clean = np.interp(idx, idx[keep], x[keep]) if keep.any() else x
    sos = butter(2, [4.0, min(30.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    band = sosfiltfilt(sos, clean)
    win = max(1, int(0.12 * fs))
    env = np.convolve(band * band, np.ones(win) / win, mode="same")
    peaks, _ = find_peaks(env, distance=max(1, int(0.3 * fs)))
    local = maximum_filter1d(env, size=max(1, int(4 * fs)), mode="nearest")
    qrs = peaks[env[peaks] > np.maximum(0.02 * local[peaks], 0.015)]
    spikes = np.array(spikes, dtype=int)
    own = [q for q in qrs if spikes.size == 0 or np.min(np.abs(q - spikes)) > 0.35 * fs]
    times = np.unique(np.concatenate([spikes, np.array(own, dtype=int)])) / fs
    return {"beat_times_s": times, "n_beats": int(times.size), "hr_bpm": _rates(times, duration)}
