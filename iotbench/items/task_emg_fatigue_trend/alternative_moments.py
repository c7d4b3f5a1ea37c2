"""Different method: no spectrum estimate and no ECG subtraction.

- The heartbeat is gated out: R peaks are located (regular rhythm in a QRS band) and the samples
  from 60 ms before to 100 ms after each of them are set to zero before the analysis band is
  applied (so the band filter does not spread the QRS beyond the gate) and are not used.
- The EMG's characteristic frequency in each 1 s window is the spectral-moment frequency
  sqrt(m2 / m0) / 2 pi, computed in the time domain as RMS(derivative) / RMS(signal) over the
  kept samples (the derivative taken exactly, in the Fourier domain), after subtracting the
  moments of the resting noise (all windows near the quietest level).
- The analysis band follows the compression. In a fixed band the measured frequency falls less
  than the spectrum does: the compression moves power into the band from above and out of it
  below the high-pass, and m2 weighs the high tail strongly (a fixed 15-450 Hz band read about
  83 % of the true trends). Under a pure compression by s, the band [s lo, s hi] holds exactly
  the part of the spectrum that [lo, hi] held at the start, so the moment frequency in it is s
  times the starting one. The moments are computed for a grid of band scales; each window is
  read in the band of its own compression, taken from the line fitted in the previous pass
  (the first pass uses the unscaled band). The band reaches 0.35 fs: high enough for the tail
  that m2 weighs (the wider the band, the less its edges matter), clear of the anti-aliasing
  region near the Nyquist frequency; the amplifier noise in it is subtracted.
- Mains: line frequency from the spectrum, narrow notches on it and its harmonics.
- Rate = Theil-Sen slope / value at the start of the hold, % per minute.
"""
import numpy as np
from scipy.fft import next_fast_len
from scipy.signal import butter, filtfilt, find_peaks, iirnotch, sosfiltfilt, welch
from scipy.stats import theilslopes

SCALES = np.arange(0.40, 1.101, 0.05)  # band scales (1 = the band at the start of the hold)


def _heartbeat_mask(x, fs):
    """True where a QRS complex is; all False when no regular heartbeat is found."""
    band = sosfiltfilt(butter(2, [8.0, 25.0], btype="bandpass", fs=fs, output="sos"), x)
    mag = np.abs(band)
    peaks, _ = find_peaks(mag, distance=int(0.33 * fs), height=4.0 * np.median(mag))
    mask = np.zeros(x.size, dtype=bool)
    if peaks.size < 8:
        return mask
    peaks = peaks[mag[peaks] > 0.5 * np.median(mag[peaks])]
    rr = np.diff(peaks) / fs
    if rr.size < 8 or np.median(np.abs(rr - np.median(rr))) > 0.08 * np.median(rr):
        return mask
    for p in peaks:
        mask[max(0, p - int(0.06 * fs)):p + int(0.10 * fs)] = True
    return mask


def _notch_mains(x, fs, high):
    f, p = welch(x, fs=fs, nperseg=int(4 * fs))
    line, best = None, 3.0
    for nominal in (50.0, 60.0):
        band = np.abs(f - nominal) <= 1.0
        around = (np.abs(f - nominal) > 2.0) & (np.abs(f - nominal) < 8.0)
        k = np.flatnonzero(band)[np.argmax(p[band])]
        if p[k] / np.median(p[around]) > best:
            line, best = f[k], p[k] / np.median(p[around])
    if line is not None:
        h = 1
        while h * line < high:
            b, a = iirnotch(h * line, Q=h * line / 1.5, fs=fs)
            x = filtfilt(b, a, x)
            h += 1
    return x


def fatigue_rate(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    low, high = 15.0, 0.35 * fs
    # offset, drift and transients: a high-pass well below the lowest scaled band
    x = sosfiltfilt(butter(2, 0.5 * low * SCALES[0], btype="highpass", fs=fs, output="sos"),
                    x - np.median(x))
    x = _notch_mains(x, fs, high)
    keep = ~_heartbeat_mask(x, fs)
    x = np.where(keep, x, 0.0)
    win = int(fs)
    starts = np.arange(0, x.size - win + 1, win // 2)
    kept = np.concatenate([[0], np.cumsum(keep)])
    count = np.maximum(kept[starts + win] - kept[starts], 1)

    def window_means(y):
        """Mean square of y over each window's kept samples."""
        c = np.concatenate([[0.0], np.cumsum(np.where(keep, y * y, 0.0))])
        return (c[starts + win] - c[starts]) / count

    size = next_fast_len(x.size + win, real=True)  # zero-padded to a fast FFT length
    spec = np.fft.rfft(x, size)
    f = np.fft.rfftfreq(size, 1 / fs)
    m0, m2 = [], []
    for scale in SCALES:
        # zero-phase band-pass [scale low, scale high]: 4th-order Butterworth magnitudes, squared
        rise, fall = (f / (scale * low)) ** 8, (f / (scale * high)) ** 8
        band = spec * rise / (1.0 + rise) / (1.0 + fall)
        m0.append(window_means(np.fft.irfft(band, size)[:x.size]))
        m2.append(window_means(np.fft.irfft(band * 2j * np.pi * f, size)[:x.size]))
    m0, m2 = np.array(m0), np.array(m2)  # (scales, windows)
    unit = int(np.argmin(np.abs(SCALES - 1.0)))
    rest = np.sort(m0[unit])[:4].mean()
    active = np.flatnonzero(m0[unit] > np.sqrt(rest * np.median(m0[unit])))
    # the resting noise's own moments, in every band
    quiet = m0[unit] <= 1.5 * rest
    m0 = m0 - m0[:, quiet].mean(axis=1, keepdims=True)
    m2 = m2 - m2[:, quiet].mean(axis=1, keepdims=True)
    freq = np.sqrt(np.maximum(m2, 1e-12) / np.maximum(m0, 1e-12))
    # the longest run of active windows is the hold; skip its first 2 s (ramp) and last 1 s
    runs = np.split(active, np.flatnonzero(np.diff(active) > 2) + 1)
    hold = max(runs, key=len)
    hold = hold[4:-2] if hold.size > 12 else hold
    times = (starts[hold] - starts[hold[0]]) / fs / 60.0
    scale = np.ones(hold.size)
    for _ in range(3):
        got = np.array([np.interp(s, SCALES, freq[:, k]) for s, k in zip(scale, hold)])
        slope, intercept, _, _ = theilslopes(got, times)
        scale = np.clip(1.0 + slope / intercept * times, SCALES[0], SCALES[-1])
    return float(100.0 * slope / intercept)
