"""A careful generic QRS detector: band-pass, energy envelope, peaks with a refractory period
and a locally adaptive threshold. It knows nothing of pacemakers."""
import numpy as np
from scipy.ndimage import maximum_filter1d
from scipy.signal import butter, find_peaks, sosfiltfilt


def _window_rates(times, duration):
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
        return {"beat_times_s": np.zeros(0), "n_beats": 0, "hr_bpm": _window_rates(np.zeros(0), duration)}
    sos = butter(2, [5.0, min(15.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    band = sosfiltfilt(sos, x)
    win = max(1, int(0.12 * fs))
    env = np.convolve(band * band, np.ones(win) / win, mode="same")
    peaks, _ = find_peaks(env, distance=max(1, int(0.3 * fs)))
    local = maximum_filter1d(env, size=max(1, int(4 * fs)), mode="nearest")
    floor = 5 * np.percentile(env, 20)
    beats = peaks[env[peaks] > np.maximum(0.03 * local[peaks], floor)]
    times = beats / fs
    return {"beat_times_s": times, "n_beats": int(times.size), "hr_bpm": _window_rates(times, duration)}
