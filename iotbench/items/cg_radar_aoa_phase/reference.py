"""Two-antenna phase-comparison angle-of-arrival estimation."""
import numpy as np


def estimate_aoa(rx0, rx1, wavelength, spacing=None):
    """Return the angle (degrees) implied by the mean phase difference rx1 vs rx0."""
    a = np.asarray(rx0, dtype=np.complex128)
    b = np.asarray(rx1, dtype=np.complex128)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise ValueError("rx0 and rx1 must be non-empty 1-D arrays of equal length")
    if wavelength <= 0:
        raise ValueError("wavelength must be positive")
    if spacing is None:
        spacing = wavelength / 2.0
    if spacing <= 0:
        raise ValueError("spacing must be positive")

    # phase of the summed cross-product: averages the phase difference over snapshots,
    # weighting strong samples more, without phase-wrapping problems
    dphi = np.angle(np.sum(b * np.conj(a)))
    s = np.clip(dphi * wavelength / (2.0 * np.pi * spacing), -1.0, 1.0)
    return float(np.degrees(np.arcsin(s)))
