"""Power quality of a single-phase load from sampled voltage and current.

True power factor = mean active power / (RMS voltage x RMS current) over whole mains cycles.
The harmonics are measured synchronously with the actual mains: its frequency (off nominal)
is estimated from the voltage to a small fraction of an FFT bin, and a least-squares fit of
DC + harmonics 1..H of that frequency to the voltage and to the current gives each harmonic's
amplitude and phase without leakage from the partial cycle at the end of the record. Displacement power factor = cosine
of the angle between the fundamental voltage and current; current THD (IEC 61000-4-7 style,
orders 2..40 below Nyquist) = RMS of the harmonics over the fundamental."""
import numpy as np


def _mains_frequency(v, fs):
    """Mains frequency (Hz) from the voltage: coarse spectral peak, then refined by maximising
    the windowed projection of the voltage on a sinusoid (sub-bin accuracy)."""
    x = (v - v.mean()) * np.hanning(v.size)
    spec = np.abs(np.fft.rfft(x, 8 * v.size))
    freqs = np.fft.rfftfreq(8 * v.size, 1 / fs)
    band = (freqs > 40) & (freqs < 70)
    f = freqs[band][np.argmax(spec[band])]
    t = np.arange(v.size) / fs
    step = fs / (8 * v.size)
    for _ in range(3):
        grid = f + np.linspace(-step, step, 41)
        power = np.abs(np.exp(-2j * np.pi * np.outer(grid, t)) @ x)
        f, step = grid[np.argmax(power)], step / 20
    return float(f)


def power_quality(voltage, current, fs):
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    if v.ndim != 1 or i.ndim != 1 or v.shape != i.shape:
        raise ValueError("voltage and current must be 1-D arrays of the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if v.size < 0.1 * fs:
        raise ValueError("record shorter than 0.1 s")
    f0 = _mains_frequency(v, fs)
    phase = 2 * np.pi * f0 * np.arange(v.size) / fs
    hmax = int(min(40, np.floor(0.49 * fs / f0)))
    h = np.arange(1, hmax + 1)
    design = np.column_stack([np.ones(v.size), np.cos(np.outer(phase, h)),
                              np.sin(np.outer(phase, h))])
    coef, *_ = np.linalg.lstsq(design, np.column_stack([v, i]), rcond=None)
    cv = coef[1:hmax + 1, 0] - 1j * coef[hmax + 1:, 0]
    ci = coef[1:hmax + 1, 1] - 1j * coef[hmax + 1:, 1]
    dpf = float(np.cos(np.angle(cv[0]) - np.angle(ci[0])))
    thd = float(100 * np.sqrt(np.sum(np.abs(ci[1:]) ** 2)) / np.abs(ci[0]))
    # true power factor over whole cycles, offsets removed
    whole = int(np.floor(v.size * f0 / fs) * fs / f0)
    vs, is_ = v[:whole] - coef[0, 0], i[:whole] - coef[0, 1]
    pf = float(np.mean(vs * is_) / np.sqrt(np.mean(vs ** 2) * np.mean(is_ ** 2)))
    return {"power_factor": pf, "displacement_power_factor": dpf, "current_thd_percent": thd}
