"""Rate of EMG spectral compression (fatigue) during a sustained contraction.

1. Offset, drift and movement transients: 10 Hz high-pass (EMG has little power below it even
   when compressed; a higher corner would cut off the part of the spectrum that the compression
   moves down and flatten the trend). Low-pass 450 Hz.
2. ECG: trunk EMG carries a QRS at every beat whose power sits exactly where a fatigued EMG
   spectrum moves to; its share changes whenever the EMG amplitude changes (fatigue, electrode
   shift), so it must be removed, not just high-passed: R peaks are found in a 8-25 Hz band and
   a median beat template is fitted and subtracted at every beat.
3. Mains: exact line frequency from the spectrum; narrow notches at it and its harmonics.
4. Contraction: 1 s windows whose RMS is well above the resting level; the ramp is skipped.
5. Mean frequency per window (resting noise spectrum subtracted), robust (Theil-Sen) line
   over time; rate = slope / value at the start of the hold, in % per minute.
"""
import numpy as np
from scipy.signal import butter, filtfilt, find_peaks, iirnotch, sosfiltfilt, welch
from scipy.stats import theilslopes


def _remove_ecg(x, fs):
    band = sosfiltfilt(butter(2, [8.0, 25.0], btype="bandpass", fs=fs, output="sos"), x)
    mag = np.abs(band)
    peaks, _ = find_peaks(mag, distance=int(0.33 * fs), height=4.0 * np.median(mag))
    if peaks.size < 8:
        return x
    # keep peaks whose height is typical of the beats (not EMG bursts in the band)
    heights = mag[peaks]
    peaks = peaks[heights > 0.5 * np.median(heights)]
    # a heart beats regularly: without a regular rhythm there is no ECG to remove
    rr = np.diff(peaks) / fs
    if rr.size < 8 or np.median(np.abs(rr - np.median(rr))) > 0.08 * np.median(rr):
        return x
    # align every beat on the extremum of the high-passed signal near the band peak
    lo, hi = int(0.12 * fs), int(0.38 * fs)
    peaks = peaks[(peaks > lo) & (peaks < x.size - hi)]
    if peaks.size < 8:
        return x
    sign = np.sign(np.median(band[peaks]))
    win = int(0.03 * fs)
    aligned = []
    for p in peaks:
        seg = sign * x[p - win:p + win]
        aligned.append(p - win + int(np.argmax(seg)))
    aligned = np.array(aligned)
    # refine the alignment with a matched filter on the QRS (the peak sample alone jitters
    # under EMG), then rebuild the template
    q = int(0.05 * fs)
    shift = int(0.01 * fs)
    aligned = aligned[(aligned - lo - shift > 0) & (aligned + hi + shift < x.size)]
    for _ in range(2):
        template = np.median(np.stack([x[p - lo:p + hi] for p in aligned]), axis=0)
        core = template[lo - q:lo + q]
        refined = []
        for p in aligned:
            seg = x[p - q - shift:p + q + shift]
            score = np.correlate(seg, core, mode="valid")
            refined.append(p - shift + int(np.argmax(score)))
        aligned = np.array(refined)
        aligned = aligned[(aligned - lo - shift > 0) & (aligned + hi + shift < x.size)]
    beats = np.stack([x[p - lo:p + hi] for p in aligned])
    template = np.median(beats, axis=0)
    taper = np.ones(lo + hi)
    edge = int(0.03 * fs)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(edge) / edge)
    taper[:edge], taper[-edge:] = ramp, ramp[::-1]
    template = template * taper
    energy = template @ template
    out = x.copy()
    for p, beat in zip(aligned, beats):
        scale = np.clip((beat @ template) / energy, 0.5, 1.5)
        out[p - lo:p + hi] -= scale * template
    return out


def _notch_mains(x, fs, high):
    f, p = welch(x, fs=fs, nperseg=int(4 * fs))
    best, best_ratio = None, 0.0
    for nominal in (50.0, 60.0):
        band = np.abs(f - nominal) <= 1.0
        around = (np.abs(f - nominal) > 2.0) & (np.abs(f - nominal) < 8.0)
        k = np.flatnonzero(band)[np.argmax(p[band])]
        ratio = p[k] / np.median(p[around])
        if ratio > best_ratio:
            best, best_ratio = f[k], ratio
    if best_ratio < 3.0:
        return x
    h = 1
    while h * best < high:
        b, a = iirnotch(h * best, Q=h * best / 1.5, fs=fs)
        x = filtfilt(b, a, x)
        h += 1
    return x


def _series(x, fs):
    """Times (min, from the first analysed window) and mean frequency of each window in the hold."""
    high = min(450.0, 0.45 * fs)
    x = sosfiltfilt(butter(4, [10.0, high], btype="bandpass", fs=fs, output="sos"),
                    x - np.median(x))
    x = _remove_ecg(x, fs)
    x = _notch_mains(x, fs, high)
    win = int(fs)
    starts = np.arange(0, x.size - win + 1, win // 2)
    rms = np.array([np.sqrt(np.mean(x[s:s + win] ** 2)) for s in starts])
    rest_level = np.sort(rms)[:4].mean()
    active = rms > np.sqrt(rest_level * np.median(rms))
    if active.sum() < 6:
        return None, None
    # the longest run of active windows is the hold; skip its first 2 s (ramp) and last 1 s
    idx = np.flatnonzero(active)
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 2) + 1)
    hold = max(runs, key=len)
    hold = hold[4:-2] if hold.size > 12 else hold
    nper = int(0.25 * fs)
    quiet = [s for s, a in zip(starts, rms) if a <= 1.5 * rest_level]
    noise = 0.0
    if quiet:
        noise = np.mean([welch(x[s:s + win], fs=fs, nperseg=nper)[1] for s in quiet], axis=0)
    times, freq = [], []
    for k in hold:
        s = starts[k]
        f, p = welch(x[s:s + win], fs=fs, nperseg=nper)
        p = np.maximum(p - noise, 0.0) * ((f >= 10.0) & (f <= high))
        freq.append((f * p).sum() / p.sum())
        times.append((s + win / 2) / fs)
    times = (np.array(times) - times[0]) / 60.0
    return times, np.array(freq)


def fatigue_rate(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    times, freq = _series(x, fs)
    if times is None:
        return 0.0
    slope, intercept, _, _ = theilslopes(freq, times)
    return float(100.0 * slope / intercept)
