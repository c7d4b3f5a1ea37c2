"""Walking speed by PCA and a speed histogram: the subcarrier streams (log amplitude, AGC
removed as the per-packet common mode, resampled to a uniform grid and high-passed) share the
body's Doppler oscillations, so the leading principal components concentrate them. In each
short frame of their spectrogram the strongest line is the torso's Doppler frequency
2 v / wavelength (radios side by side: the reflection path changes at twice the walking speed);
the mode of those per-frame speeds, each frame weighted by how clearly its line stands out,
is the steady walking speed (turns and slow-downs spread thinly over lower speeds)."""
import numpy as np
from scipy.signal import butter, sosfiltfilt, spectrogram

C = 299_792_458.0


def walking_speed(amplitude, timestamps, carrier_hz):
    a = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if a.ndim != 2:
        raise ValueError("amplitude must be 2-D (subcarriers, packets)")
    if t.ndim != 1 or t.size != a.shape[1]:
        raise ValueError("timestamps must be 1-D with one entry per packet")
    if t.size > 1 and not np.all(np.diff(t) > 0):
        raise ValueError("timestamps must be strictly increasing")
    if not carrier_hz > 0:
        raise ValueError("carrier_hz must be positive")
    wavelength = C / carrier_hz
    fs = 1.0 / np.median(np.diff(t))
    grid = np.arange(t[0], t[-1], 1.0 / fs)
    logs = np.log(np.maximum(a, 1e-12))
    logs -= logs.mean(axis=0, keepdims=True)
    x = np.array([np.interp(grid, t, row) for row in logs])
    f_lo = 2 * 0.25 / wavelength
    x = sosfiltfilt(butter(4, f_lo, "highpass", fs=fs, output="sos"), x, axis=1)
    _u, s, vt = np.linalg.svd(x - x.mean(axis=1, keepdims=True), full_matrices=False)
    components = vt[:3] * s[:3, None]
    # half-second frames, zero-padded fourfold to place each frame's line between the bins
    nper = int(0.5 * fs)
    freqs, _times, sxx = spectrogram(components, fs=fs, nperseg=nper, noverlap=int(0.4 * fs),
                                     nfft=4 * nper, axis=-1)
    power = sxx.sum(axis=0)  # (frequency, frame)
    band = (freqs >= f_lo) & (freqs <= min(0.48 * fs, 2 * 3.0 / wavelength))
    power = power[band]
    top = np.argmax(power, axis=0)
    peak_speed = freqs[band][top] * wavelength / 2
    # weight each frame by how clearly one line stands out (the share of the frame's band power
    # within one frame-resolution bin of the peak), not by its raw power: the reflection
    # weakens with distance, so raw power would favour the frames near the radios, where the
    # resident slows down and turns
    cols = np.arange(power.shape[1])
    lines = sum(power[np.clip(top + d, 0, power.shape[0] - 1), cols] for d in range(-4, 5))
    clarity = lines / np.maximum(power.sum(axis=0), 1e-30)
    # histogram of the per-frame speeds weighted by clarity: its mode is the steady speed
    bins = np.arange(0.2, 3.05, 0.05)
    hist, edges = np.histogram(peak_speed, bins=bins, weights=clarity)
    hist = np.convolve(hist, np.ones(3) / 3, mode="same")
    k = int(np.argmax(hist))
    near = np.abs(peak_speed - 0.5 * (edges[k] + edges[k + 1])) <= 0.1
    return float(np.average(peak_speed[near], weights=clarity[near]))
