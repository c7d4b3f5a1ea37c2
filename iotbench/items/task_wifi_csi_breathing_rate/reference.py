"""Breathing rate from CSI amplitudes.

1. AGC removal: the receiver gain scales every subcarrier of a packet by the same factor, so in
   log amplitude it is an additive term common to all subcarriers; subtracting the per-packet
   median across subcarriers removes it (and whole-packet scaling glitches with it), while the
   breathing modulation, whose sign and size differ between subcarriers, survives.
2. Irregular packets: average onto a uniform 10 Hz grid by timestamp, interpolate the gaps, and
   suppress remaining glitches with a short running median.
3. Body motion: a posture shift changes the amplitudes far faster and more than breathing does
   and leaves them at new levels. Short-time activity (fast changes summed over subcarriers)
   well above its typical level marks motion; only the still segments between motions are used.
4. Per still segment: remove its linear trend, take per-subcarrier power spectra (zero padded to
   a common grid), normalise each subcarrier's in-band spectrum and weight it by how peaked it is,
   and add everything up (longer segments count more). The peak of the sum, refined by parabolic
   interpolation, is the rate.
"""
import numpy as np
from scipy.ndimage import median_filter, uniform_filter1d, binary_dilation

GRID_HZ = 10.0
MIN_BPM, MAX_BPM = 5.0, 40.0
MIN_SEGMENT_S = 12.0


def _uniform(values, t, fs):
    """Average (n_sub, n) samples at times t onto a uniform grid; fill empty cells linearly."""
    idx = np.floor((t - t[0]) * fs).astype(int)
    n_grid = idx[-1] + 1
    counts = np.bincount(idx, minlength=n_grid)
    sums = np.stack([np.bincount(idx, weights=row, minlength=n_grid) for row in values])
    full = counts > 0
    grid_t = np.arange(n_grid)
    out = np.empty((values.shape[0], n_grid))
    for k in range(values.shape[0]):
        out[k] = np.interp(grid_t, grid_t[full], sums[k, full] / counts[full])
    return out


def _still_segments(x):
    """(start, stop) grid indices of the segments without body motion."""
    d = np.diff(x, axis=1)
    activity = uniform_filter1d((d * d).sum(axis=0), int(GRID_HZ), mode="nearest")
    activity = np.concatenate([activity, activity[-1:]])
    moving = activity > 4.0 * np.median(activity)
    moving = binary_dilation(moving, iterations=int(1.5 * GRID_HZ))
    edges = np.flatnonzero(np.diff(np.concatenate([[1], moving.astype(int), [1]])))
    segments = [(a, b) for a, b in zip(edges[::2], edges[1::2])
                if b - a >= MIN_SEGMENT_S * GRID_HZ]
    if not segments:  # nothing long and still: use the whole record
        segments = [(0, x.shape[1])]
    return segments


def breathing_rate(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    log_amp = np.log(np.maximum(amp, 1e-9))
    log_amp -= np.median(log_amp, axis=0, keepdims=True)  # AGC is common to all subcarriers
    x = _uniform(log_amp, t, GRID_HZ)
    x = median_filter(x, size=(1, 5), mode="nearest")
    segments = _still_segments(x)
    longest = max(b - a for a, b in segments)
    n_fft = 1 << int(np.ceil(np.log2(16 * max(longest, 600))))
    freqs = np.fft.rfftfreq(n_fft, 1 / GRID_HZ)
    band = (freqs >= MIN_BPM / 60) & (freqs <= MAX_BPM / 60)
    total = np.zeros(freqs.size)
    for a, b in segments:
        seg = x[:, a:b]
        n = seg.shape[1]
        tt = np.arange(n) - (n - 1) / 2
        coef = (seg @ tt) / (tt @ tt)
        seg = seg - seg.mean(axis=1, keepdims=True) - coef[:, None] * tt[None, :]
        spec = np.abs(np.fft.rfft(seg * np.hanning(n), n=n_fft, axis=1)) ** 2
        sub = spec[:, band]
        sub = sub / (sub.sum(axis=1, keepdims=True) + 1e-30)
        weight = sub.max(axis=1)  # periodic subcarriers have a peaked spectrum
        total[band] += n * (weight[:, None] * sub).sum(axis=0)
    k = int(np.argmax(total))
    shift = 0.0
    if total[k - 1] > 0 and total[k + 1] > 0:
        a, b, c = np.log(total[k - 1:k + 2])
        if a - 2 * b + c < 0:
            shift = float(np.clip(0.5 * (a - c) / (a - 2 * b + c), -0.5, 0.5))
    return float(60.0 * (k + shift) * GRID_HZ / n_fft)
