"""Harmonics measured properly (mains frequency estimated, least-squares harmonic fit), but
the power factor reported as cos(phi), the cosine of the angle between the fundamental voltage
and current."""
import numpy as np


def _mains_frequency(v, fs):
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
    return {"power_factor": dpf, "displacement_power_factor": dpf, "current_thd_percent": thd}
