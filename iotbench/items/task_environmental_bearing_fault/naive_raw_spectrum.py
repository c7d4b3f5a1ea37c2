import numpy as np


def diagnose_bearing(acc, fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg):
    """Look for the bearing defect frequencies in the vibration spectrum itself."""
    x = np.asarray(acc, dtype=float)
    if x.ndim != 1:
        raise ValueError("acc must be 1-D")
    if min(fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm) <= 0 or element_d_mm >= pitch_d_mm:
        raise ValueError("invalid parameters")
    ratio = element_d_mm / pitch_d_mm * np.cos(np.radians(contact_deg))
    rates = {"outer_race": n_elements / 2 * shaft_hz * (1 - ratio),
             "inner_race": n_elements / 2 * shaft_hz * (1 + ratio),
             "rolling_element": pitch_d_mm / (2 * element_d_mm) * shaft_hz * (1 - ratio ** 2)}
    spec = np.abs(np.fft.rfft((x - x.mean()) * np.hanning(x.size)))
    f = np.fft.rfftfreq(x.size, 1 / fs)
    scores = {}
    for kind, rate in rates.items():
        near = np.abs(f - rate) <= 0.02 * rate
        around = (np.abs(f - rate) <= 0.25 * rate) & ~near
        scores[kind] = spec[near].max() / (np.median(spec[around]) + 1e-30)
    best = max(scores, key=scores.get)
    return best if scores[best] > 6.0 else "healthy"
