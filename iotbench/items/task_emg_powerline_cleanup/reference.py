"""Mains interference removal for surface EMG with an off-nominal line frequency.

1. Line frequency: the strongest line near 50 or near 60 Hz in a finely zero-padded spectrum,
   refined by harmonic summation (the harmonics pin the fundamental down h times more
   precisely). A fixed 50.0/60.0 Hz notch misses a line that is 0.5 Hz off.
2. Every harmonic that stands out of the spectrum is tracked, not notched with a fixed filter:
   the grid's phase is followed on the strong fundamental (demodulated at f0, low-passed at
   0.5 Hz), each harmonic is demodulated at h times that phase (so the grid's small frequency
   wander, multiplied by h, is followed as well) and low-passed (zero phase) to follow
   its drifting amplitude, and the tracked sinusoid is subtracted. Only about 1 Hz of EMG per
   harmonic is touched, so the EMG band power is kept; offset, drift and everything else are
   left as they were. A strong line (30 dB above its neighbourhood) is tracked at 0.5 Hz so its
   residual stays below the amplifier noise as the amplitude drifts; a weak one at 0.25 Hz, so
   that less EMG goes with it.
"""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def _spectrum(x, fs):
    n = x.size
    nfft = 1 << int(np.ceil(np.log2(16 * n)))
    spec = np.abs(np.fft.rfft((x - x.mean()) * np.hanning(n), nfft)) ** 2
    return np.fft.rfftfreq(nfft, 1 / fs), spec


def _line_frequency(freqs, spec, fs):
    best, best_ratio = None, 0.0
    for nominal in (50.0, 60.0):
        band = np.abs(freqs - nominal) <= 0.7
        around = (np.abs(freqs - nominal) > 1.5) & (np.abs(freqs - nominal) < 6.0)
        k = np.flatnonzero(band)[np.argmax(spec[band])]
        ratio = spec[k] / np.median(spec[around])
        if ratio > best_ratio:
            best, best_ratio = freqs[k], ratio
    if best_ratio < 30.0:
        return None
    grid = best + np.linspace(-0.05, 0.05, 201)
    top = 0.45 * fs
    score = np.zeros_like(grid)
    for h in range(1, 16):
        if h * (best + 0.05) >= top:
            break
        score += np.interp(h * grid, freqs, spec) / np.interp(h * best, freqs, spec).clip(1e-30)
    return float(grid[np.argmax(score)])


def remove_powerline(emg, fs):
    x = np.asarray(emg, dtype=float)
    if x.ndim != 1:
        raise ValueError("emg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < int(2 * fs):
        return x.copy()
    freqs, spec = _spectrum(x, fs)
    f0 = _line_frequency(freqs, spec, fs)
    if f0 is None:
        return x.copy()
    t = np.arange(x.size) / fs
    pad = min(x.size - 1, int(3 * fs))

    def track(signal, phase, cutoff):
        """Slowly varying complex amplitude of `signal` at the rotating phase `phase`."""
        sos = butter(2, cutoff, fs=fs, output="sos")
        z = signal * np.exp(-1j * phase)
        return (sosfiltfilt(sos, z.real, padtype="even", padlen=pad)
                + 1j * sosfiltfilt(sos, z.imag, padtype="even", padlen=pad))

    # follow the grid's phase on the (strong) fundamental; the harmonics are locked to it, so
    # the small wander of the line frequency, multiplied by h, is followed too
    base = 2 * np.pi * f0 * t
    first = track(x, base, 0.5)
    phase = base + np.unwrap(np.angle(first))
    out = x.copy()
    h = 1
    while h * f0 < 0.5 * fs - 2.0 and h <= 20:
        f = h * f0
        line = np.abs(freqs - f) <= 0.5
        around = (np.abs(freqs - f) > 1.5) & (np.abs(freqs - f) < 6.0)
        contrast = spec[line].max() / np.median(spec[around])
        if contrast > 5.0:
            # a strong line must be followed closely as its amplitude drifts; a weak one,
            # barely above the EMG, is tracked slowly so that little EMG goes with it
            amp = track(out, h * phase, 0.5 if contrast > 300.0 else 0.25)
            out = out - 2.0 * np.real(amp * np.exp(1j * h * phase))
        h += 1
    return out
