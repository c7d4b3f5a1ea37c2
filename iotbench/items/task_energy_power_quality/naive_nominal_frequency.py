"""Harmonics by a least-squares fit at the nominal mains frequency (50 or 60 Hz, whichever
the spectrum is nearest), true power factor from P / (Vrms * Irms)."""
import numpy as np


def power_quality(voltage, current, fs):
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    if v.ndim != 1 or i.ndim != 1 or v.shape != i.shape:
        raise ValueError("voltage and current must be 1-D arrays of the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if v.size < 0.1 * fs:
        raise ValueError("record shorter than 0.1 s")
    spec = np.abs(np.fft.rfft((v - v.mean()) * np.hanning(v.size)))
    freqs = np.fft.rfftfreq(v.size, 1 / fs)
    f_peak = freqs[1 + np.argmax(spec[1:])]
    f0 = 50.0 if abs(f_peak - 50) < abs(f_peak - 60) else 60.0
    t = np.arange(v.size) / fs
    hmax = int(min(40, np.floor(0.49 * fs / f0)))
    h = np.arange(1, hmax + 1)
    arg = 2 * np.pi * f0 * np.outer(t, h)
    design = np.column_stack([np.ones(v.size), np.cos(arg), np.sin(arg)])
    coef, *_ = np.linalg.lstsq(design, np.column_stack([v, i]), rcond=None)
    cv = coef[1:hmax + 1, 0] - 1j * coef[hmax + 1:, 0]
    ci = coef[1:hmax + 1, 1] - 1j * coef[hmax + 1:, 1]
    dpf = float(np.cos(np.angle(cv[0]) - np.angle(ci[0])))
    thd = float(100 * np.sqrt(np.sum(np.abs(ci[1:]) ** 2)) / np.abs(ci[0]))
    vc, ic = v - v.mean(), i - i.mean()
    pf = float(np.mean(vc * ic) / np.sqrt(np.mean(vc ** 2) * np.mean(ic ** 2)))
    return {"power_factor": pf, "displacement_power_factor": dpf, "current_thd_percent": thd}
