"""Breathing rate from a single-lead ECG (ECG-derived respiration) by fusing the three ways
breathing shows in the ECG.

R peaks from the band-passed slope energy; per beat the QRS amplitude (peak to peak), the
isoelectric level before the QRS, and the beat interval. Ectopic beats are replaced by the
local median, each series is resampled at 4 Hz and high-passed at 0.1 Hz (drift and Mayer
waves are not breathing). How strongly each modulation shows differs between people, so each
series' spectrum is weighted by how concentrated it is around its own largest interior peak,
and the weighted sum gives the breathing frequency. The mean rate over the recording is then
refined by counting cycles (unwrapped analytic phase) of each series band-passed around that
frequency, weighted by its power there."""
import numpy as np
from scipy.signal import butter, find_peaks, hilbert, sosfiltfilt

RS = 4.0


def _series(times, values, grid):
    # robust: replace outliers (ectopic beats) by the local median before interpolation
    med = np.array([np.median(values[max(0, i - 4):i + 5]) for i in range(values.size)])
    dev = np.abs(values - med)
    mad = np.median(dev) + 1e-12
    v = np.where(dev > 4 * 1.4826 * mad, med, values)
    y = np.interp(grid, times, v)
    # slow drift and vasomotor (Mayer, ~0.1 Hz) waves are not breathing
    y = sosfiltfilt(butter(2, 0.1, btype="high", fs=RS, output="sos"), y - y.mean())
    return y / (y.std() + 1e-12)


def breathing_rate(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if x.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    band = sosfiltfilt(butter(2, [5, min(25.0, 0.4 * fs)], btype="bandpass", fs=fs,
                              output="sos"), x)
    k = max(1, int(0.08 * fs))
    e = np.convolve(np.gradient(band) ** 2, np.ones(k) / k, mode="same")
    peaks, _ = find_peaks(e, distance=int(0.3 * fs), height=0.3 * np.percentile(e, 99))
    y = sosfiltfilt(butter(2, [0.05, min(40.0, 0.4 * fs)], btype="bandpass", fs=fs,
                           output="sos"), x)
    w = int(0.06 * fs)
    peaks = peaks[(peaks > int(0.3 * fs)) & (peaks < x.size - w)]
    # R wave: the largest deflection near each detection (polarity from the record)
    seg = np.array([y[p - w:p + w] for p in peaks])
    sign = 1.0 if np.median(seg.max(1)) >= np.median(-seg.min(1)) else -1.0
    fid = peaks - w + np.argmax(sign * seg, axis=1)
    # QRS amplitude (peak to trough within the QRS), baseline (PR segment), interval
    pr = np.array([np.mean(x[p - int(0.1 * fs):p - int(0.05 * fs)]) for p in fid])
    qrs = np.array([np.ptp(y[p - w:p + w]) for p in fid])
    tb = fid / fs
    rr = np.diff(tb)
    grid = np.arange(tb[1], tb[-2], 1 / RS)
    series = [_series(tb, qrs, grid), _series(tb, pr, grid),
              _series(0.5 * (tb[1:] + tb[:-1]), rr, grid)]
    nfft = 16 * 1024
    freqs = np.fft.rfftfreq(nfft, 1 / RS)
    hr = 1.0 / np.median(rr)
    band_ok = (freqs >= 0.13) & (freqs <= min(0.75, 0.5 * hr))
    f = freqs[band_ok]
    taper = np.hanning(grid.size)
    # each modulation's spectrum, weighted by how concentrated it is (a modulation this person
    # hardly shows is broadband noise; breathing is one narrow peak)
    fused = np.zeros(f.size)
    spectra, quality = [], []
    for s in series:
        p = np.abs(np.fft.rfft(s * taper, nfft))[band_ok] ** 2
        p = p / p.sum()
        # the series' breathing peak: its largest local maximum inside the band (a maximum at
        # the band's edge is leakage from slower waves)
        inner, _ = find_peaks(p)
        j = int(inner[np.argmax(p[inner])]) if inner.size else int(np.argmax(p))
        q = float(p[np.abs(f - f[j]) <= 0.025].sum()) if inner.size else 0.0
        p = np.where(np.arange(f.size) < 3, 0.0, p)
        spectra.append(p)
        quality.append(q)
        fused += q ** 2 * p
    peak = f[int(np.argmax(fused))]
    sos = butter(2, [0.65 * peak, min(1.4 * peak, 0.45 * RS)], btype="bandpass", fs=RS,
                 output="sos")
    rates, weights = [], []
    for s, p, q in zip(series, spectra, quality):
        z = sosfiltfilt(sos, s)
        ph = np.unwrap(np.angle(hilbert(z)))
        edge = int(5 * RS) if ph.size > 10 * RS + 1 else 0
        rates.append((ph[-1 - edge] - ph[edge]) / (2 * np.pi) / ((ph.size - 1 - 2 * edge) / RS))
        near = float(p[np.abs(f - peak) <= 0.025].sum())   # its power at the breathing peak
        weights.append(near ** 2)
    return float(60.0 * np.dot(rates, weights) / np.sum(weights))
