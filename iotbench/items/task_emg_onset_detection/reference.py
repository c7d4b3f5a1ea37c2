"""Activation onsets/offsets in raw trunk surface EMG.

1. High-pass well above the ECG's energy (the QRS complex has most of its power below 30-40 Hz,
   surface EMG mostly above): 50 Hz, zero phase, which also removes offset, drift and movement
   artefacts; low-pass at 450 Hz.
2. Mains: a narrow notch would ring for a few hundred ms around every strong burst and move the
   onsets. Instead the interference is estimated where the muscle rests (exact line frequency
   from the spectrum of the resting samples, slowly varying amplitude and phase of every
   harmonic by a masked local average of the demodulated signal) and subtracted everywhere.
3. Envelope: centred moving RMS over 25 ms (short, so timing is not smeared).
4. Threshold relative to the resting noise floor (a low percentile of the envelope, since rest
   and activity alternate), with hysteresis; bridge gaps shorter than 0.15 s and drop bursts
   shorter than 0.1 s.
"""
import numpy as np
from scipy.signal import butter, filtfilt, iirnotch, sosfiltfilt


def _envelope(x, fs):
    win = max(1, int(0.025 * fs))
    return np.sqrt(np.convolve(x * x, np.ones(win) / win, mode="same"))


def _box(v, width):
    """Centred moving average of width samples (shorter at the ends), by cumulative sums."""
    n = v.size
    c = np.concatenate([[0], np.cumsum(v)])
    lo = np.clip(np.arange(n) - width // 2, 0, n)
    hi = np.clip(np.arange(n) + width - width // 2, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def _smooth(v, width):
    """Triangular moving average (two passes of a box) of a real or complex array."""
    width = max(1, int(width))
    return _box(_box(v, width), width)


def _remove_mains(x, fs, high):
    n = x.size
    # where does the muscle rest? Judge it on a roughly notched copy (wide notches at 50, 60 Hz
    # and harmonics), and keep clear of bursts by half a second (the notches ring).
    rough = x
    for nominal in (50.0, 60.0):
        h = 1
        while h * nominal < high:
            b, a = iirnotch(h * nominal, Q=h * nominal / 4.0, fs=fs)
            rough = filtfilt(b, a, rough)
            h += 1
    env = _envelope(rough, fs)
    busy = (env > 2.0 * np.percentile(env, 20)).astype(float)
    rest = (_box(busy, int(0.3 * fs)) == 0).astype(float)
    if rest.mean() < 0.05:
        return x
    # line frequency: strongest spectral line of the resting samples near 50 or 60 Hz
    nfft = 1 << int(np.ceil(np.log2(n * 8)))
    spec = np.abs(np.fft.rfft(x * rest, nfft))
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    best, best_ratio = None, 0.0
    for nominal in (50.0, 60.0):
        band = (freqs >= nominal - 0.7) & (freqs <= nominal + 0.7)
        around = (freqs >= nominal - 5.0) & (freqs <= nominal + 5.0) & ~band
        k = np.flatnonzero(band)[np.argmax(spec[band])]
        ratio = spec[k] / np.median(spec[around])
        if ratio > best_ratio:
            best, best_ratio = freqs[k], ratio
    if best_ratio < 5.0:
        return x
    t = np.arange(n) / fs
    short, long_ = int(0.5 * fs), int(2.5 * fs)
    weight_short = _smooth(rest, short)
    weight_long = _smooth(rest, long_)
    h = 1
    while h * best < high:
        carrier = np.exp(-2j * np.pi * h * best * t)
        z = x * carrier * rest
        a_short = _smooth(z, short) / np.maximum(weight_short, 1e-9)
        a_long = _smooth(z, long_) / np.maximum(weight_long, 1e-9)
        a_all = z.sum() / rest.sum()
        # few resting samples nearby: fall back to a longer average, then to the whole record
        blend = np.clip(weight_long / 0.2, 0.0, 1.0)
        amp = blend * a_long + (1 - blend) * a_all
        blend = np.clip(weight_short / 0.3, 0.0, 1.0)
        amp = blend * a_short + (1 - blend) * amp
        x = x - 2.0 * np.real(amp * np.conj(carrier))
        h += 1
    return x


def detect_activations(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < int(0.5 * fs):
        return np.zeros((0, 2))
    x = x - np.median(x)
    high = min(450.0, 0.45 * fs)
    x = sosfiltfilt(butter(4, [50.0, high], btype="bandpass", fs=fs, output="sos"), x)
    if x.size >= 2 * fs:
        x = _remove_mains(x, fs, high)
    env = _envelope(x, fs)
    floor = np.percentile(env, 10)
    if floor <= 0:
        return np.zeros((0, 2))
    on = env > 4.0 * floor
    keep = env > 2.5 * floor
    # hysteresis: a burst is a run of `keep` that contains at least one `on` sample
    edges = np.diff(np.r_[0, keep.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bursts = [[s, e] for s, e in zip(starts, ends) if on[s:e].any()]
    merged = []
    for s, e in bursts:
        if merged and s - merged[-1][1] < 0.15 * fs:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    out = [(s / fs, e / fs) for s, e in merged if e - s >= 0.1 * fs]
    return np.array(out, dtype=float).reshape(-1, 2)
