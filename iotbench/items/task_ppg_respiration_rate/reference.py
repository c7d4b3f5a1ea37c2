"""Breathing rate from a fingertip PPG by fusing the three respiratory modulations.

Beats are found on the band-passed pulse; three series are measured: the baseline (the PPG
low-passed well below the heart rate, continuously, so breath harmonics are not aliased by
sampling once per beat), the pulse amplitude (peak minus preceding trough) and the beat
interval. Each is resampled evenly, detrended, and its spectrum in the breathing band is
normalised. Breathing modulates all three (more or less strongly per person) at the same
frequency, while vasomotion / Mayer waves near 0.1 Hz and drift dominate mainly the baseline
and heart rate: the product of the normalised spectra (each floored, so a weak modulation does
not veto) peaks at the breathing rate."""
import numpy as np
from scipy.signal import butter, find_peaks, hilbert, sosfiltfilt

RESAMPLE_HZ = 4.0


def _beats(ppg, fs):
    sos = butter(2, [0.5, min(8.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    x = sosfiltfilt(sos, ppg)
    # polarity: the systolic upstroke is faster than the decay
    d = np.diff(x)
    if np.mean(d ** 3) < 0:
        x, ppg = -x, -ppg
    # pulse period from the autocorrelation, so dicrotic waves are not taken for beats
    seg = x[: int(min(x.size, 30 * fs))]
    ac = np.correlate(seg, seg, mode="full")[seg.size - 1:]
    lo, hi = int(0.3 * fs), int(2.0 * fs)
    cand, _ = find_peaks(ac[lo:hi])
    if cand.size == 0:
        period = (lo + int(np.argmax(ac[lo:hi]))) / fs
    else:  # the first lag that repeats nearly as well as the best one (not a multiple)
        best = ac[lo:hi][cand].max()
        period = (lo + int(cand[np.argmax(ac[lo:hi][cand] >= 0.8 * best)])) / fs
    peaks, _ = find_peaks(x, distance=max(1, int(0.6 * period * fs)), prominence=0.3 * np.std(x))
    troughs = np.array([a + int(np.argmin(x[a:b])) for a, b in zip(peaks[:-1], peaks[1:])])
    peaks = peaks[1:]
    return x, ppg, peaks, troughs


def _series(times, values, t_grid):
    y = np.interp(t_grid, times, values)
    k = int(20 * RESAMPLE_HZ) | 1
    trend = np.convolve(np.pad(y, k // 2, mode="edge"), np.ones(k) / k, mode="valid")
    y = y - trend
    return (y - y.mean()) / (y.std() + 1e-12)


def respiratory_rate(ppg, fs):
    ppg = np.asarray(ppg, dtype=float)
    if ppg.ndim != 1:
        raise ValueError("ppg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if ppg.size < 30 * fs:
        raise ValueError("recording shorter than 30 s")
    x, raw, peaks, troughs = _beats(ppg, fs)
    tp = peaks / fs
    amplitude = x[peaks] - x[troughs]
    interval = np.diff(tp)
    t_grid = np.arange(tp[1], tp[-2], 1 / RESAMPLE_HZ)
    # the baseline is taken continuously (the PPG low-passed well below the heart rate), not
    # once per beat, so the harmonics of the breath cannot alias into the breathing band
    lowpass = butter(4, 0.6 / np.median(interval), btype="lowpass", fs=fs, output="sos")
    baseline = sosfiltfilt(lowpass, raw)
    series = [_series(tp, amplitude, t_grid),
              _series(np.arange(raw.size) / fs, baseline, t_grid),
              _series(0.5 * (tp[:-1] + tp[1:]), interval, t_grid)]
    nfft = 16 * 1024
    freqs = np.fft.rfftfreq(nfft, 1 / RESAMPLE_HZ)
    hr_hz = 1.0 / np.median(interval)
    band = (freqs >= 0.13) & (freqs <= min(0.75, 0.5 * hr_hz))
    log_sum = np.zeros(band.sum())
    taper = np.hanning(t_grid.size)
    spectra = []
    for y in series:
        p = np.abs(np.fft.rfft(y * taper, nfft))[band] ** 2
        p = p / p.max()
        spectra.append(p)
        log_sum += np.log(p + 0.05)
    f = freqs[band]
    peak = f[np.argmax(log_sum)]
    # the breathing rate wanders from breath to breath: refine to the mean rate by counting
    # cycles (unwrapped analytic phase) of each series band-passed around the peak
    sos = butter(2, [0.65 * peak, min(1.4 * peak, 0.45 * RESAMPLE_HZ)], btype="bandpass",
                 fs=RESAMPLE_HZ, output="sos")
    # quality of each series: how much of its breathing-band power lies at the fused peak
    # (vasomotion and drift outside the band do not count against it)
    near = (f >= 0.88 * peak) & (f <= 1.12 * peak)
    weights = [np.sum(p[near]) / np.sum(p) for p in spectra]
    rates = []
    for y in series:
        z = sosfiltfilt(sos, y)
        phase = np.unwrap(np.angle(hilbert(z)))
        edge = int(5 * RESAMPLE_HZ)
        if phase.size <= 2 * edge + 1:
            edge = 0
        span = phase[-1 - edge] - phase[edge]
        rates.append(span / (2 * np.pi) / ((phase.size - 1 - 2 * edge) / RESAMPLE_HZ))
    rates, weights = np.array(rates), np.array(weights) ** 2
    # a modulation the person hardly shows can be ruled in that band by something else (the
    # beat sampling aliases a breath harmonic next to the breathing rate): its cycle rate then
    # disagrees with the fused spectral peak, and it is left out
    agree = np.abs(rates - peak) <= 0.12 * peak
    if not agree.any():
        return float(60.0 * peak)
    return float(60.0 * np.sum(rates[agree] * weights[agree]) / np.sum(weights[agree]))
