"""The careful generalist: true power factor from P / (Vrms * Irms); the spectrum of the
record by FFT, fundamental at the strongest voltage bin, harmonics read at the integer
multiples of that bin, DPF from the phase difference at the fundamental bin."""
import numpy as np


def power_quality(voltage, current, fs):
    v = np.asarray(voltage, dtype=float)
    i = np.asarray(current, dtype=float)
    if v.ndim != 1 or i.ndim != 1 or v.shape != i.shape:
        raise ValueError("voltage and current must be 1-D arrays of the same length")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(v) < 0.1 * fs:
        raise ValueError("record too short")
    v = v - v.mean()
    i = i - i.mean()
    p = np.mean(v * i)
    pf = p / (np.sqrt(np.mean(v ** 2)) * np.sqrt(np.mean(i ** 2)))
    V = np.fft.rfft(v)
    current_spec = np.fft.rfft(i)
    k1 = 1 + int(np.argmax(np.abs(V[1:])))
    dpf = np.cos(np.angle(V[k1]) - np.angle(current_spec[k1]))
    harmonics = [h * k1 for h in range(2, 41) if h * k1 < len(current_spec)]
    thd = 100 * np.sqrt(np.sum(np.abs(current_spec[harmonics]) ** 2)) / np.abs(current_spec[k1])
    return {"power_factor": float(pf), "displacement_power_factor": float(dpf),
            "current_thd_percent": float(thd)}
