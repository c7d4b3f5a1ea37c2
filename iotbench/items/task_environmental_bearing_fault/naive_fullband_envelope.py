import numpy as np
from scipy.signal import hilbert


def diagnose_bearing(acc, fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg):
    """Envelope analysis: Hilbert envelope of the vibration, then its spectrum at the defect
    frequencies (first two harmonics) against the local background."""
    x = np.asarray(acc, dtype=float)
    if x.ndim != 1:
        raise ValueError("acc must be 1-D")
    if min(fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm) <= 0 or element_d_mm >= pitch_d_mm:
        raise ValueError("invalid parameters")
    ratio = element_d_mm / pitch_d_mm * np.cos(np.radians(contact_deg))
    rates = {"outer_race": n_elements / 2 * shaft_hz * (1 - ratio),
             "inner_race": n_elements / 2 * shaft_hz * (1 + ratio),
             "rolling_element": pitch_d_mm / (2 * element_d_mm) * shaft_hz * (1 - ratio ** 2)}
    x = x - x.mean()
    env = np.abs(hilbert(x))
    env -= env.mean()
    spec = np.abs(np.fft.rfft(env * np.hanning(env.size)))
    f = np.fft.rfftfreq(env.size, 1 / fs)
    scores = {}
    for kind, rate in rates.items():
        total = 0.0
        for h in (1, 2):
            near = np.abs(f - h * rate) <= 0.02 * h * rate
            around = (np.abs(f - h * rate) <= 0.25 * h * rate) & ~near
            total += spec[near].max() / (np.median(spec[around]) + 1e-30)
        scores[kind] = total
    best = max(scores, key=scores.get)
    return best if scores[best] > 8.0 else "healthy"
