"""Breathing and heart rate with time-domain processing.

The static reflections' offset is removed by a geometric circle fit (the chest's echo turns on a
circle around it); the unwrapped angle is the chest displacement. Body movements are cut out:
1 s blocks whose peak chest acceleration is far above the record's usual are dropped with a
margin and the still stretches are analysed separately. Breathing: the median interval between breaths (peaks of the
smoothed displacement, one per cycle). Heart: breathing's strong low harmonics are notched out
(2nd to 5th multiples of the breathing rate) by filters in the time domain, the rest is
band-limited to heart rates, and the heart rate is the peak of its averaged (Welch) spectrum.
"""
import numpy as np
from scipy.optimize import least_squares
from scipy.signal import butter, filtfilt, find_peaks, iirnotch, sosfiltfilt, welch


def _centre(z):
    def resid(p):
        return np.abs(z - (p[0] + 1j * p[1])) - p[2]
    c0 = z.mean()
    p0 = [c0.real, c0.imag, np.abs(z - c0).mean()]
    p = least_squares(resid, p0).x
    return p[0] + 1j * p[1]


def _segments(phase, fs):
    """Still stretches: a body movement jerks the chest (large accelerations), breathing and the
    heartbeat do not; 1 s blocks whose peak acceleration is far above the record's typical one
    are dropped, with a second of margin on each side."""
    acc = np.abs(np.diff(phase, 2)) * fs * fs
    block = max(1, int(fs))
    n_blocks = acc.size // block
    peak = acc[:n_blocks * block].reshape(n_blocks, block).max(axis=1)
    bad = peak > 5 * np.median(peak)
    bad = np.convolve(bad.astype(float), np.ones(3), mode="same") > 0
    moving = np.zeros(phase.size, dtype=bool)
    moving[:n_blocks * block] = np.repeat(bad, block)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], moving.astype(int), [1]])))
    segs = [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= 10 * fs]
    return segs or [(0, phase.size)]


def estimate_vital_signs(iq, fs):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("at least 20 s of data are needed")
    phase = np.unwrap(np.angle(x - _centre(x)))
    segs = _segments(phase, fs)
    # breathing: intervals between the peaks of the smoothed displacement
    low = butter(2, [0.08, 0.6], "bandpass", fs=fs, output="sos")
    intervals = []
    for a, b in segs:
        d = sosfiltfilt(low, phase[a:b] - phase[a:b].mean())
        peaks, _ = find_peaks(d, distance=int(fs / 0.6), prominence=0.3 * np.std(d))
        intervals += list(np.diff(peaks) / fs)
    fb = 1.0 / np.median(intervals) if intervals else 0.25
    # heart: notch breathing's low harmonics in the time domain, then the strongest peak of the
    # averaged (Welch) spectrum of what is left in the heart band
    band = butter(3, [0.7, min(2.6, 0.45 * fs)], "bandpass", fs=fs, output="sos")
    nper = int(16 * fs)
    freqs = np.fft.rfftfreq(8 * nper, 1 / fs)
    psd = np.zeros(freqs.size)
    for a, b in segs:
        y = phase[a:b] - phase[a:b].mean()
        for k in range(2, 6):
            f0 = k * fb
            if f0 < 0.45 * fs:
                bn, an = iirnotch(f0, Q=f0 / 0.12, fs=fs)
                y = filtfilt(bn, an, y)
        y = sosfiltfilt(band, y)
        _, p = welch(y, fs, nperseg=min(nper, y.size), noverlap=min(nper, y.size) * 3 // 4,
                     nfft=8 * nper)
        psd += p * (b - a)
    heart = (freqs >= 0.75) & (freqs <= 2.0)
    fh = float(freqs[heart][np.argmax(psd[heart])])
    return 60.0 * float(fb), 60.0 * float(fh)
