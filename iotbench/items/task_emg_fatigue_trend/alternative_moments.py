"""Different method: no spectrum estimate and no ECG subtraction.

- The heartbeat is gated out: R peaks are located (regular rhythm in a QRS band) and the samples
  from 60 ms before to 100 ms after each of them are simply not used.
- The EMG's characteristic frequency in each 1 s window is the spectral-moment frequency
  sqrt(m2 / m0) / 2 pi, computed in the time domain as RMS(derivative) / RMS(signal) over the
  kept samples (the derivative taken exactly, in the Fourier domain), after subtracting the
  resting noise's own moments. A pure compression of the spectrum scales it exactly.
- Mains: line frequency from the spectrum, narrow notches on it and its harmonics.
- Rate = Theil-Sen slope / value at the start of the hold, % per minute.
"""
import numpy as np
from scipy.signal import butter, filtfilt, find_peaks, iirnotch, sosfiltfilt, welch
from scipy.stats import theilslopes


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


def fatigue_rate(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    high = min(450.0, 0.45 * fs)
    x = sosfiltfilt(butter(4, [15.0, high], btype="bandpass", fs=fs, output="sos"),
                    x - np.median(x))
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
    keep = ~_heartbeat_mask(x, fs)
    spec = np.fft.rfft(x)
    dx = np.fft.irfft(spec * 2j * np.pi * np.fft.rfftfreq(x.size, 1 / fs), x.size)
    win = int(fs)
    starts = np.arange(0, x.size - win + 1, win // 2)
    m0 = np.array([np.mean(x[s:s + win][keep[s:s + win]] ** 2) for s in starts])
    m2 = np.array([np.mean(dx[s:s + win][keep[s:s + win]] ** 2) for s in starts])
    order = np.argsort(m0)
    m0_noise, m2_noise = m0[order[:4]].mean(), m2[order[:4]].mean()
    active = np.flatnonzero(m0 > np.sqrt(m0_noise * np.median(m0)) * 1.0)
    runs = np.split(active, np.flatnonzero(np.diff(active) > 2) + 1)
    hold = max(runs, key=len)
    hold = hold[4:-2] if hold.size > 12 else hold
    freq = np.sqrt(np.maximum(m2[hold] - m2_noise, 1e-12) / np.maximum(m0[hold] - m0_noise, 1e-12))
    times = (starts[hold] - starts[hold[0]]) / fs / 60.0
    slope, intercept, _, _ = theilslopes(freq, times)
    return float(100.0 * slope / intercept)
