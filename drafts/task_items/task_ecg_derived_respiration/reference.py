"""Breathing rate from a single-lead ECG (ECG-derived respiration) by fusing the three ways
breathing shows in the ECG.

R peaks from the band-passed slope energy; per beat the QRS amplitude (peak to peak), the
isoelectric level before the QRS, and the beat interval. Ectopic beats are replaced by the
local median, each series is resampled at 4 Hz and its slowest drift removed. How strongly
each modulation shows differs between people, so each series' spectrum is weighted by how
concentrated it is around its own breathing-band peak (judged against the whole spectrum down
to 0.04 Hz, where wander and Mayer waves live), and the weighted sum gives the breathing
frequency. The mean rate over the recording is then
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
    # remove only the slowest drift (a 20 s moving average): a steep high-pass would turn the
    # red spectrum of electrode wander into a false peak just above its cut-off
    k = int(20 * RS) | 1
    y = y - np.convolve(np.pad(y, k // 2, mode="edge"), np.ones(k) / k, mode="valid")
    return y / (y.std() + 1e-12)


def _extreme(seg, sign):
    """Height of the largest (sign=1) or deepest (sign=-1) point, refined between samples by a
    parabola: without it the sampling instant, which drifts from beat to beat, modulates the
    measured amplitude by a few percent and aliases into the series."""
    z = sign * seg
    i = int(np.clip(np.argmax(z), 1, z.size - 2))
    a, b, c = z[i - 1], z[i], z[i + 1]
    den = a - 2 * b + c
    return float(b - 0.125 * (a - c) ** 2 / den) if den < 0 else float(b)


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
    # (low-passed well below the mains: hum sampled once per beat aliases into the series)
    y = sosfiltfilt(butter(3, [0.05, min(25.0, 0.4 * fs)], btype="bandpass", fs=fs,
                           output="sos"), x)
    w = int(0.06 * fs)
    peaks = peaks[(peaks > int(0.3 * fs)) & (peaks < x.size - w)]
    # R wave: the largest deflection near each detection (polarity from the record)
    seg = np.array([y[p - w:p + w] for p in peaks])
    sign = 1.0 if np.median(seg.max(1)) >= np.median(-seg.min(1)) else -1.0
    fid = peaks - w + np.argmax(sign * seg, axis=1)
    # QRS amplitude (peak to trough within the QRS), baseline (PR segment), interval
    pr = np.array([np.mean(y[p - int(0.1 * fs):p - int(0.05 * fs)]) for p in fid])
    qrs = np.array([_extreme(y[p - w:p + w], 1) + _extreme(y[p - w:p + w], -1) for p in fid])
    tb = fid / fs
    rr = np.diff(tb)
    grid = np.arange(tb[1], tb[-2], 1 / RS)
    series = [_series(tb, qrs, grid), _series(tb, pr, grid),
              _series(0.5 * (tb[1:] + tb[:-1]), rr, grid)]
    nfft = 16 * 1024
    freqs = np.fft.rfftfreq(nfft, 1 / RS)
    hr = 1.0 / np.median(rr)
    # the spectrum is judged from 0.04 Hz up: wander and vasomotor (Mayer, ~0.1 Hz) waves are
    # not breathing, and a series they dominate must not look like a breathing signal
    wide = (freqs >= 0.04) & (freqs <= min(0.75, 0.5 * hr))
    band_ok = (freqs >= 0.14) & (freqs <= min(0.6, 0.5 * hr))
    inband = band_ok[wide]
    f = freqs[band_ok]
    taper = np.hanning(grid.size)
    # each modulation's spectrum, weighted by how concentrated it is (a modulation this person
    # hardly shows is broadband or red noise; breathing is one narrow peak)
    fused = np.zeros(f.size)
    spectra, quality = [], []
    for s in series:
        pw = np.abs(np.fft.rfft(s * taper, nfft))[wide] ** 2
        # the series' breathing peak: its largest local maximum of the wide spectrum inside the
        # breathing band, judged by how much of the band's power it holds and by how much it
        # stands out from its surroundings (the tail of slower waves is no peak)
        inner, props = find_peaks(pw, prominence=0)
        keep = inband[inner]
        inner, prom = inner[keep], props["prominences"][keep]
        p = pw[inband] / pw[inband].sum()
        if inner.size:
            best = int(np.argmax(pw[inner]))
            j = int(inner[best]) - int(np.argmax(inband))
            q = float(p[np.abs(f - f[j]) <= 0.025].sum()) * float(prom[best] / pw[inner[best]])
        else:
            q = 0.0
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
