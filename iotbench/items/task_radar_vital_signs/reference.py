"""Breathing and heart rate from the slow-time I/Q of the chest's range bin.

1. Static reflections in the same bin add a constant complex offset: the chest's echo moves on a
   circle around it, not around the origin. The circle's centre is fitted (least squares) and
   removed; only then is the angle the chest's displacement (4 pi d / wavelength), which is
   unwrapped (it turns many times per breath at mm-wave).
2. Brief body movements jerk the chest by millimetres within a second: a burst of fast
   (above 1 Hz) phase motion far above the record's typical level, which breathing's smooth
   swing and the heartbeat's small recoil do not produce. Movements would smear energy over the
   whole spectrum, so only the still stretches (8 s or longer) are analysed and their power
   spectra summed.
3. Breathing: the spectral peak of the displacement in 6-30 /min.
4. Heart: breathing is not sinusoidal (inhaling is faster than exhaling, with pauses), so its
   harmonics fall in the heart band and the low ones are often far stronger than the
   heartbeat (a few tenths of a mm against several mm). The heart rate is the strongest
   component in 45-120 /min away from breathing's 2nd to 5th harmonics.
"""
import numpy as np
from scipy.signal import butter, sosfiltfilt, welch


def _circle_centre(z):
    x, y = z.real, z.imag
    a = np.column_stack([2 * x, 2 * y, np.ones_like(x)])
    sol, *_ = np.linalg.lstsq(a, x * x + y * y, rcond=None)
    return sol[0] + 1j * sol[1]


def _still_segments(phase, fs):
    """Stretches without body movement. A movement is a jerk of several mm within a second or
    two: far more fast (above breathing rates) motion than breathing's smooth swing or the
    heartbeat's small recoil, so it shows as a burst of the phase's fast part."""
    high = sosfiltfilt(butter(2, min(1.0, 0.2 * fs), "highpass", fs=fs, output="sos"), phase)
    k = max(3, int(fs))
    level = np.sqrt(np.convolve(high * high, np.ones(k) / k, mode="same"))
    moving = level > 4 * np.median(level)
    moving = np.convolve(moving.astype(float), np.ones(int(2 * fs)), mode="same") > 0
    edges = np.flatnonzero(np.diff(np.concatenate([[1], moving.astype(int), [1]])))
    segments = [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= 8 * fs]
    return segments or [(0, phase.size)]


def _spectrum(x, fs, n):
    """Averaged spectrum (20 s Hann windows, 75 % overlap) of a detrended stretch, on an
    n-point frequency grid."""
    x = x - np.polyval(np.polyfit(np.arange(x.size), x, 1), np.arange(x.size))
    seg = min(x.size, int(20 * fs))
    return welch(x, fs, window="hann", nperseg=seg, noverlap=3 * seg // 4, nfft=n,
                 detrend="linear")


def estimate_vital_signs(iq, fs):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("at least 20 s of data are needed")
    z = x - _circle_centre(x)
    phase = np.unwrap(np.angle(z))
    n_fft = int(fs / 0.002)
    freqs = np.fft.rfftfreq(n_fft, 1 / fs)
    spec = np.zeros(freqs.size)
    for a, b in _still_segments(phase, fs):  # averaged spectra of the still stretches
        spec += _spectrum(phase[a:b], fs, n_fft)[1] * (b - a)
    band = (freqs >= 0.1) & (freqs <= 0.5)
    fb = float(freqs[band][np.argmax(spec[band])])
    # heart: the strongest component of the heart band once breathing's strong low harmonics
    # (which can be far stronger than the heartbeat) are taken out
    heart = (freqs >= 0.75) & (freqs <= 2.0)
    peak = np.zeros(freqs.size, dtype=bool)  # local maxima only: not the skirt of a harmonic
    peak[1:-1] = (spec[1:-1] > spec[:-2]) & (spec[1:-1] >= spec[2:])
    duration = x.size / fs
    for k in range(2, 6):
        peak[np.abs(freqs - k * fb) < min(0.13, 1.5 / duration + 0.03 * k * fb)] = False
    candidates = np.flatnonzero(peak & heart)
    if candidates.size == 0:
        candidates = np.flatnonzero(heart)
    fh = float(freqs[candidates[np.argmax(spec[candidates])]])
    return 60.0 * fb, 60.0 * fh
